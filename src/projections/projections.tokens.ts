/** The projections this process knows: `readonly Projection[]`. */
export const PROJECTIONS = Symbol('Projections');
