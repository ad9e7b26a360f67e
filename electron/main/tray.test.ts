/** The tray controller with Electron mocked: the icon follows health and reloads only on change. */
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountState, AccountView } from '../../core/shared/contract.js';
import type { TrayState } from './tray-menu.js';
import { createTray } from './tray.js';

const fake = vi.hoisted(() => {
  class FakeTray {
    static last: FakeTray | undefined;
    images: string[] = [];
    titles: string[] = [];
    constructor(image: { path: string }) {
      this.images.push(image.path);
      FakeTray.last = this;
    }
    setImage(image: { path: string }): void {
      this.images.push(image.path);
    }
    setTitle(title: string): void {
      this.titles.push(title);
    }
    setToolTip(): void {}
    setContextMenu(): void {}
    popUpContextMenu(): void {}
    on(): void {}
    isDestroyed(): boolean {
      return false;
    }
    destroy(): void {}
  }
  return { FakeTray };
});

vi.mock('electron', () => ({
  Tray: fake.FakeTray,
  nativeImage: { createFromPath: (file: string) => ({ path: file }) },
  Menu: { buildFromTemplate: () => ({ on: () => undefined }) },
}));

const DIR = path.join('/app', 'tray');

function account(id: string, state: AccountState): AccountView {
  return {
    id,
    prefix: id,
    kind: 'cc',
    displayName: 'Claude Code',
    auth: 'oauth',
    enabled: true,
    state,
    termsRisk: 'low',
    quota: { accountId: id, prefix: id, windows: [] },
  };
}

function running(...states: AccountState[]): TrayState {
  return runningWith(false, states);
}

function runningWith(paused: boolean, states: AccountState[]): TrayState {
  return {
    status: 'running',
    endpointUrl: 'http://127.0.0.1:4141',
    view: {
      paused,
      combos: [],
      accounts: states.map((state, index) => account(`a${index}`, state)),
    },
  };
}

function start(platform: NodeJS.Platform) {
  const controller = createTray({
    iconDir: DIR,
    platform,
    actions: {
      openDashboard: vi.fn(),
      copyEndpoint: vi.fn(),
      copyNewKey: vi.fn(),
      activateCombo: vi.fn(),
      setPaused: vi.fn(),
      setLaunchAtLogin: vi.fn(),
      quit: vi.fn(),
    },
    onActivate: vi.fn(),
    launchAtLogin: () => undefined,
  });
  const tray = fake.FakeTray.last;
  if (tray === undefined) throw new Error('no Tray was created');
  return { controller, tray };
}

/** The icon file names a tray has shown, in order. */
function shown(tray: { images: string[] }): string[] {
  return tray.images.map((file) => path.relative(DIR, file));
}

describe('createTray', () => {
  beforeEach(() => {
    fake.FakeTray.last = undefined;
  });

  it('starts badge-less and swaps the icon as health changes', () => {
    const { controller, tray } = start('linux');
    expect(shown(tray)).toEqual(['tray-idle.png']);
    controller.setState(running('ok', 'ok'));
    controller.setState(running('ok', 'cooling-down'));
    controller.setState(running('cooling-down', 'needs-login'));
    controller.setState({ status: 'failed', reason: 'port in use' });
    expect(shown(tray)).toEqual([
      'tray-idle.png',
      'tray-ok.png',
      'tray-cooling.png',
      'tray-out.png',
      'tray-error.png',
    ]);
  });

  it('reloads the image only when health changes, not on every countdown tick', () => {
    const { controller, tray } = start('win32');
    controller.setState(running('ok'));
    controller.setState(running('ok'));
    controller.setState(running('ok', 'ok'));
    controller.setState(running('circuit-open', 'ok'));
    controller.setState(running('ok', 'circuit-open'));
    expect(shown(tray)).toEqual(['tray-idle.png', 'tray-ok.png', 'tray-cooling.png']);
  });

  it('uses template images and a title on macOS', () => {
    const { controller, tray } = start('darwin');
    controller.setState(running('ok'));
    controller.setState(running('needs-login'));
    controller.setState(runningWith(true, ['ok']));
    expect(shown(tray)).toEqual([
      'tray-idleTemplate.png',
      'tray-okTemplate.png',
      'tray-outTemplate.png',
      'tray-idleTemplate.png',
    ]);
    expect(tray.titles).toEqual(['', '!!', '‖']);
  });

  it('leaves the title alone where no title is drawn', () => {
    const { controller, tray } = start('linux');
    controller.setState(running('needs-login'));
    expect(tray.titles).toEqual([]);
  });
});
