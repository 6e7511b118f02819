import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatParameterCount, formatSpeed } from './format';

describe('format', () => {
  it('gives sizes in human units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(146e6)).toBe('146 MB');
    expect(formatBytes(4.7e9)).toBe('4.7 GB');
    expect(formatBytes(999.6e6)).toBe('1.0 GB');
    expect(formatBytes(2.5e12)).toBe('2.5 TB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('gives speeds and durations', () => {
    expect(formatSpeed(12.4e6)).toBe('12 MB/s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(Infinity)).toBe('—');
  });

  it('gives parameter and token counts', () => {
    expect(formatParameterCount(8.03e9)).toBe('8B');
    expect(formatParameterCount(3.21e9)).toBe('3.2B');
    expect(formatParameterCount(135e6)).toBe('135M');
    expect(formatCount(131072)).toBe('131,072');
  });
});
