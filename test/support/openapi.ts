/** The parts of an OpenAPI 3.0 document (as @nestjs/swagger writes it) that the tests read. */
export interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}

interface Response {
  description: string;
  content?: Record<string, { schema?: Schema }>;
}

export interface Operation {
  responses: Record<string, Response>;
  requestBody?: { content: Record<string, unknown> };
}

export interface OpenApi extends Record<string, unknown> {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Route {
  /** e.g. "GET /api/limits/{id}" */
  name: string;
  path: string;
  operation: Operation;
}

export function routesOf(doc: OpenApi): Route[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, path, operation })),
  );
}

/** The documented route a request went to: "/api/limits/7?limit=1" is "/api/limits/{id}". */
export function routeOf(doc: OpenApi, method: string, url: string): Route | undefined {
  const path = url.split('?')[0];
  return routesOf(doc).find(
    (r) => r.name.startsWith(`${method.toUpperCase()} `) && new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
}

/** What in `value` the schema does not describe, each named by its place ("body.items[0].limit is missing"). */
export function mismatches(doc: OpenApi, schema: Schema, value: unknown, at = 'body'): string[] {
  if (schema.$ref) return mismatches(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')], value, at);
  if (value === null) return schema.nullable ? [] : [`${at} is null`];
  if (schema.oneOf) return schema.oneOf.some((s) => !mismatches(doc, s, value, at).length) ? [] : [`${at} matches none of its schemas`];
  return [...(schema.allOf ?? []).flatMap((s) => mismatches(doc, s, value, at)), ...typeMismatches(doc, schema, value, at)];
}

function typeMismatches(doc: OpenApi, schema: Schema, value: unknown, at: string): string[] {
  if (schema.enum && !schema.enum.includes(value)) return [`${at} is ${JSON.stringify(value)}, not one of ${schema.enum.join(', ')}`];
  switch (schema.type) {
    case undefined:
      return [];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => mismatches(doc, schema.items!, item, `${at}[${i}]`))
        : [`${at} is not an array`];
    case 'object':
      return typeof value === 'object' && !Array.isArray(value)
        ? objectMismatches(doc, schema, value as Record<string, unknown>, at)
        : [`${at} is not an object`];
    case 'integer':
      return typeof value === 'number' ? [] : [`${at} is ${JSON.stringify(value)}, not a number`];
    default:
      return typeof value === schema.type ? [] : [`${at} is ${JSON.stringify(value)}, not a ${schema.type}`];
  }
}

function objectMismatches(doc: OpenApi, schema: Schema, value: Record<string, unknown>, at: string): string[] {
  const properties = schema.properties ?? {};
  const missing = (schema.required ?? []).filter((key) => !(key in value)).map((key) => `${at}.${key} is missing`);
  const undocumented =
    schema.properties && !schema.additionalProperties
      ? Object.keys(value)
          .filter((key) => !(key in properties))
          .map((key) => `${at}.${key} is not documented`)
      : [];
  const wrong = Object.entries(value).flatMap(([key, v]) => (properties[key] ? mismatches(doc, properties[key], v, `${at}.${key}`) : []));
  return [...missing, ...undocumented, ...wrong];
}
