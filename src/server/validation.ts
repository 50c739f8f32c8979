import type { FastifyReply, FastifySchema } from "fastify";
import { z } from "zod";

/**
 * Parses one part of a request with its zod schema. On failure it answers 400 with one
 * message per field and returns undefined, so a route reads:
 * `const body = parseRequest(schema, request.body, reply); if (!body) return reply;`
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, reply: FastifyReply, part = "body"): z.infer<S> | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  void reply.code(400).send({
    error: "invalid request",
    fields: parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || part, message: issue.message })),
  });
  return undefined;
}

/**
 * The OpenAPI description of a route, generated from the same zod schemas that validate it.
 * Fastify does not validate with these (see `documentedOnly`): zod stays the one validator.
 */
export function describeRoute(meta: {
  summary: string;
  tags: string[];
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  description?: string;
}): FastifySchema {
  const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return {
    summary: meta.summary,
    tags: meta.tags,
    ...(meta.description ? { description: meta.description } : {}),
    ...(meta.body ? { body: json(meta.body) } : {}),
    ...(meta.querystring ? { querystring: json(meta.querystring) } : {}),
    ...(meta.params ? { params: json(meta.params) } : {}),
    security: [{ session: [] }, { bearer: [] }],
  } as FastifySchema;
}

/** Skips Fastify's own schema validation: route schemas are there for the documentation. */
export const documentedOnly = () => (value: unknown) => ({ value });
