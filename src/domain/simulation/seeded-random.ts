/** Same seed, same draws: a simulation is repeatable, and its report names the seed it used. */
export const DEFAULT_SIMULATION_SEED = 12;

/** mulberry32: small, fast and good enough to pick among recorded outcomes. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};
