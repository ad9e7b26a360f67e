/** Every user-facing string of the dashboard, in one place for review and translation. */

export const strings = {
  appName: 'Switchyard',
  tagline: 'One local endpoint for all your AI coding tools.',
  health: {
    section: 'Server status',
    checking: 'Checking the server…',
    up: 'Server is running',
    down: 'Server is not answering',
    checkAgain: 'Check again',
    lastChecked: (time: string) => `Last checked ${time}`,
  },
  endpoint: {
    label: 'Endpoint',
    copy: 'Copy',
    copyLabel: (what: string) => `Copy ${what}`,
    copied: 'Copied',
    copyFailed: 'Copy failed: select the text and copy it',
  },
  snippets: {
    heading: 'Point your tool here',
    keyNote:
      'Requests from this computer need no key unless you turned keys on for local use; then create one with: switchyard key create.',
    claudeCode: { title: 'Claude Code', hint: 'In your shell, before starting claude' },
    codex: { title: 'Codex CLI', hint: 'In ~/.codex/config.toml' },
    openaiSdk: { title: 'OpenAI SDK', hint: 'TypeScript, with the openai package' },
  },
  desktop: (version: string) => `Desktop app ${version}`,
} as const;
