// What one device may take of the collector besides its request rate: how many of its
// requests run at once, and how many body bytes it may send in a UTC day. Kept in this
// process's memory, like the rate limiter: with several collector instances each applies its
// own (docs/sync-protocol.md, "Limits").
import type { Clock } from '../shared/clock.ts';
import { HttpProblem } from './http-io.ts';

export interface DeviceLimits {
  /** Requests of one device being handled at once; a device sends one at a time. */
  requestsInFlight: number;
  /** Body bytes one device may send per UTC day (a busy month for all 33 boroughs is ~1 MiB). */
  bytesPerDay: number;
}

export const defaultDeviceLimits: DeviceLimits = { requestsInFlight: 4, bytesPerDay: 256 * 1024 * 1024 };

const DAY_MS = 86_400_000;

export interface DeviceGate {
  /** Takes a slot for a request, or refuses (429); call the returned function when it ends. */
  enter(deviceId: string): () => void;
  /** Refuses (429, until the next UTC day) once the device has sent its bytes for today. */
  assertBytesLeft(deviceId: string): void;
  /** Counts a body the device sent, whatever became of it. */
  charge(deviceId: string, bytes: number): void;
}

export function createDeviceGate(limits: DeviceLimits, clock: Clock): DeviceGate {
  if (!(Number.isInteger(limits.requestsInFlight) && limits.requestsInFlight >= 1 && limits.bytesPerDay >= 1)) {
    throw new RangeError(`device limits need requestsInFlight >= 1 and bytesPerDay >= 1, got ${JSON.stringify(limits)}`);
  }
  const inFlight = new Map<string, number>();
  const usage = new Map<string, { day: number; bytes: number }>();
  const today = () => Math.floor(clock().getTime() / DAY_MS);

  return {
    enter(deviceId) {
      const running = inFlight.get(deviceId) ?? 0;
      if (running >= limits.requestsInFlight) {
        throw new HttpProblem(
          429,
          'too_many_in_flight',
          `this device already has ${running} requests being handled; send one at a time`,
          { 'retry-after': '1' },
        );
      }
      inFlight.set(deviceId, running + 1);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        const now = (inFlight.get(deviceId) ?? 1) - 1;
        if (now === 0) inFlight.delete(deviceId);
        else inFlight.set(deviceId, now);
      };
    },
    assertBytesLeft(deviceId) {
      const used = usage.get(deviceId);
      const day = today();
      if (used && used.day === day && used.bytes >= limits.bytesPerDay) {
        const retryAfter = Math.max(1, Math.ceil(((day + 1) * DAY_MS - clock().getTime()) / 1000));
        throw new HttpProblem(
          429,
          'daily_bytes_exceeded',
          `this device has sent ${used.bytes} bytes today (UTC), over its ${limits.bytesPerDay}; try again after midnight UTC`,
          { 'retry-after': String(retryAfter) },
        );
      }
    },
    charge(deviceId, bytes) {
      const day = today();
      const used = usage.get(deviceId);
      if (used && used.day === day) used.bytes += bytes;
      else usage.set(deviceId, { day, bytes });
      // Yesterday's counts mean nothing any more.
      if (usage.size > 10_000) for (const [id, u] of usage) if (u.day !== day) usage.delete(id);
    },
  };
}
