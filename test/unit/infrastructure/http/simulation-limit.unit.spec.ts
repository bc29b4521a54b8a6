import { HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { EventStore } from '../../../../src/application/ports/event-store.port.js';
import { loadConfig } from '../../../../src/infrastructure/config/app-config.js';
import { SimulationController } from '../../../../src/infrastructure/http/audit/simulation.controller.js';

/** A log whose reads wait until released, so a simulation is still running when the next one asks. */
const heldStore = () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const store = { readStream: async () => (await released, []) } as unknown as EventStore;
  return { store, release };
};

const response = () => {
  const headers = new Map<string, string>();
  return { headers, res: { setHeader: (name: string, value: string) => headers.set(name, value) } as unknown as Response };
};

describe('POST /campaigns/:id/simulations runs one simulation at a time per instance', () => {
  const id = '0b9ad8a4-2f3e-4c55-9d7e-5c1f6d0f4a11';

  it('answers 429 with Retry-After while one runs, and takes the next once it has finished', async () => {
    const { store, release } = heldStore();
    const controller = new SimulationController(store, loadConfig({}));
    const first = controller.simulate(id, response().res, {});

    const second = response();
    const refused = await controller.simulate(id, second.res, {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(429);
    expect(second.headers.get('Retry-After')).toBe('2');

    release();
    await expect(first).rejects.toThrow(`campaign ${id} not found`);
    await expect(controller.simulate(id, response().res, {})).rejects.toThrow(`campaign ${id} not found`);
  });
});
