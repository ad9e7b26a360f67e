import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';

const SECOND = 1000;

function clock(start = Date.parse('2026-11-24T10:00:00Z')) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

function failTimes(breaker: CircuitBreaker, providerId: string, times: number): void {
  for (let i = 0; i < times; i += 1) breaker.recordTransientFailure(providerId);
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold and opens on the fifth consecutive failure', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'glm', 4);
    expect(breaker.state('glm')).toBe('closed');
    expect(breaker.canAttempt('glm')).toBe(true);
    breaker.recordTransientFailure('glm');
    expect(breaker.state('glm')).toBe('open');
    expect(breaker.canAttempt('glm')).toBe(false);
    expect(breaker.retryAt('glm')).toBe(time.now() + 30 * SECOND);
    expect(breaker.state('openai')).toBe('closed');
  });

  it('resets the streak on success', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'p', 4);
    breaker.recordSuccess('p');
    failTimes(breaker, 'p', 4);
    expect(breaker.state('p')).toBe('closed');
  });

  it('forgets failures older than the window', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now, failureWindowMs: 60 * SECOND });
    failTimes(breaker, 'p', 4);
    time.advance(60 * SECOND);
    breaker.recordTransientFailure('p');
    expect(breaker.state('p')).toBe('closed');
    failTimes(breaker, 'p', 3);
    expect(breaker.state('p')).toBe('closed');
    breaker.recordTransientFailure('p');
    expect(breaker.state('p')).toBe('open');
  });

  it('goes half-open after the cool-off and hands out exactly one trial', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'p', 5);
    time.advance(30 * SECOND - 1);
    expect(breaker.canAttempt('p')).toBe(false);
    time.advance(1);
    expect(breaker.state('p')).toBe('half-open');
    expect(breaker.retryAt('p')).toBeUndefined();
    expect(breaker.canAttempt('p')).toBe(true);
    expect(breaker.canAttempt('p')).toBe(false);
  });

  it('closes when the trial succeeds', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'p', 5);
    time.advance(30 * SECOND);
    expect(breaker.canAttempt('p')).toBe(true);
    breaker.recordSuccess('p');
    expect(breaker.state('p')).toBe('closed');
    expect(breaker.canAttempt('p')).toBe(true);
    expect(breaker.toJSON()).toEqual({ circuits: [] });
  });

  it('re-opens for twice as long when the trial fails, up to five minutes', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'p', 5);
    const coolOffs: number[] = [];
    let coolOff = 30 * SECOND;
    for (let round = 0; round < 6; round += 1) {
      time.advance(coolOff);
      expect(breaker.canAttempt('p')).toBe(true);
      breaker.recordTransientFailure('p');
      expect(breaker.state('p')).toBe('open');
      coolOff = (breaker.retryAt('p') ?? 0) - time.now();
      coolOffs.push(coolOff);
    }
    expect(coolOffs.map((ms) => ms / SECOND)).toEqual([60, 120, 240, 300, 300, 300]);
  });

  it('starts again from the base cool-off after a close', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'p', 5);
    time.advance(30 * SECOND);
    breaker.canAttempt('p');
    breaker.recordTransientFailure('p');
    time.advance(60 * SECOND);
    breaker.canAttempt('p');
    breaker.recordSuccess('p');
    failTimes(breaker, 'p', 5);
    expect(breaker.retryAt('p')).toBe(time.now() + 30 * SECOND);
  });

  it('ignores failures of requests already in flight when it opened', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'p', 5);
    const retryAt = breaker.retryAt('p');
    time.advance(10 * SECOND);
    failTimes(breaker, 'p', 3);
    expect(breaker.retryAt('p')).toBe(retryAt);
  });

  it('frees a trial that never reported back', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now, trialTimeoutMs: 60 * SECOND });
    failTimes(breaker, 'p', 5);
    time.advance(30 * SECOND);
    expect(breaker.canAttempt('p')).toBe(true);
    time.advance(60 * SECOND - 1);
    expect(breaker.canAttempt('p')).toBe(false);
    time.advance(1);
    expect(breaker.canAttempt('p')).toBe(true);
  });

  it('honours custom thresholds', () => {
    const time = clock();
    const breaker = new CircuitBreaker({
      now: time.now,
      failureThreshold: 2,
      baseCoolOffMs: SECOND,
    });
    failTimes(breaker, 'p', 2);
    expect(breaker.retryAt('p')).toBe(time.now() + SECOND);
  });

  it('round-trips through JSON, forgetting a trial in flight', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ now: time.now });
    failTimes(breaker, 'open-one', 5);
    failTimes(breaker, 'half', 5);
    time.advance(30 * SECOND);
    breaker.canAttempt('half');
    breaker.recordTransientFailure('half');
    time.advance(60 * SECOND);
    expect(breaker.canAttempt('half')).toBe(true);
    failTimes(breaker, 'shaky', 2);

    const restored = CircuitBreaker.fromJSON(JSON.parse(JSON.stringify(breaker)), {
      now: time.now,
    });
    expect(restored.state('open-one')).toBe('half-open');
    expect(restored.state('half')).toBe('half-open');
    expect(restored.canAttempt('half')).toBe(true);
    restored.recordTransientFailure('half');
    expect(restored.retryAt('half')).toBe(time.now() + 120 * SECOND);
    failTimes(restored, 'shaky', 3);
    expect(restored.state('shaky')).toBe('open');
  });

  it('rejects a malformed snapshot', () => {
    expect(() => CircuitBreaker.fromJSON({ circuits: [{ providerId: 'p' }] })).toThrow();
  });
});
