import { CreateFoundation1764000000000 } from './1764000000000-CreateFoundation.js';

/** Listed by hand: ES modules cannot be globbed by TypeORM at run time. */
export const migrations = [CreateFoundation1764000000000];
