/**
 * A small JSON Schema check for the OpenAPI documents' response schemas: type (string, number,
 * integer, boolean, null, array, object, or a list of them), required, properties, items, enum,
 * pattern, format date / date-time, and local `$ref`s (#/components/schemas/…). Enough to hold a
 * real response against its documented shape; returns the problems found (empty when it fits).
 */
type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#/")) throw new Error(`only local $ref: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown>)[part];
  if (!node) throw new Error(`unresolved $ref: ${ref}`);
  return node as Schema;
}

export function checkAgainstSchema(root: Schema, schema: Schema, value: unknown, path = "$"): string[] {
  if (typeof schema.$ref === "string") return checkAgainstSchema(root, resolve(root, schema.$ref), value, path);
  const problems: string[] = [];
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    if (!allowed.includes(actual) && !(actual === "integer" && allowed.includes("number")))
      return [`${path}: expected ${allowed.join("|")}, got ${actual}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (typeof value === "string") {
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(value))
      problems.push(`${path}: does not match ${schema.pattern}`);
    if (schema.format === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push(`${path}: not a date`);
    if (schema.format === "date-time" && Number.isNaN(Date.parse(value))) problems.push(`${path}: not a date-time`);
  }
  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (!(key in object)) problems.push(`${path}: missing required ${key}`);
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, sub] of Object.entries(properties))
      if (key in object) problems.push(...checkAgainstSchema(root, sub, object[key], `${path}.${key}`));
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) =>
      problems.push(...checkAgainstSchema(root, schema.items as Schema, item, `${path}[${i}]`)),
    );
  return problems;
}

/** The schema an OpenAPI document gives for a path, method and status (application/json). */
export function responseSchema(document: Schema, path: string, method: string, status: number): Schema {
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
  const response = paths[path]?.[method]?.responses[String(status)] as
    { content?: { "application/json"?: { schema?: Schema } } } | undefined;
  const schema = response?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`no documented ${status} JSON response for ${method.toUpperCase()} ${path}`);
  return schema;
}
