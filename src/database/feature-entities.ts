/** A class decorated with @Entity. */
export type EntityClass = new (...args: never[]) => object;

const registered = new Set<EntityClass>();

/**
 * The entities the feature modules have named (DatabaseModule.forFeature), in the order they did.
 * They name them as their decorators are evaluated, that is once src/app.module.ts is imported: code
 * that opens the database without the Nest application imports it first.
 */
export function featureEntities(): EntityClass[] {
  if (registered.size === 0) throw new Error('No entities registered: import src/app.module.js before opening the database');
  return [...registered];
}

export function registerEntities(entities: EntityClass[]): void {
  for (const entity of entities) registered.add(entity);
}
