import { describe, expect, it } from 'vitest';
import { hostName, isAllowedHost, isAllowedOrigin, isLoopbackAddress } from './security.js';

const loopbackOnly = { allowedHosts: [], boundBeyondLoopback: false };

describe('Host checks (DNS rebinding)', () => {
  it.each(['127.0.0.1:20128', 'localhost:20128', '[::1]:20128', 'localhost', '127.1.2.3'])(
    'accepts %s',
    (host) => {
      expect(isAllowedHost(host, loopbackOnly)).toBe(true);
    },
  );

  it.each(['evil.example:20128', 'attacker.com', '192.168.1.10:20128', '', undefined])(
    'rejects %s',
    (host) => {
      expect(isAllowedHost(host, loopbackOnly)).toBe(false);
    },
  );

  it('accepts IP literals and configured names only for a deliberate LAN bind', () => {
    const lan = { allowedHosts: ['box.lan'], boundBeyondLoopback: true };
    expect(isAllowedHost('192.168.1.10:20128', lan)).toBe(true);
    expect(isAllowedHost('box.lan:20128', lan)).toBe(true);
    expect(isAllowedHost('evil.example', lan)).toBe(false);
  });

  it('strips ports and brackets', () => {
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('LOCALHOST:1')).toBe('localhost');
  });
});

describe('Origin checks', () => {
  it('lets non-browser clients (no Origin) through', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:20128')).toBe(true);
  });

  it('accepts only the server’s own origin', () => {
    expect(isAllowedOrigin('http://127.0.0.1:20128', '127.0.0.1:20128')).toBe(true);
    expect(isAllowedOrigin('http://localhost:3000', '127.0.0.1:20128')).toBe(false);
    expect(isAllowedOrigin('https://evil.example', '127.0.0.1:20128')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:20128')).toBe(false);
  });
});

describe('isLoopbackAddress', () => {
  it('recognises IPv4, IPv6 and mapped loopback peers', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('10.0.0.2')).toBe(false);
  });
});
