import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { describeRoute, parseRequest, registerStaffRoutes, staffOf, type StaffAccess } from "../../server/index.js";
import { actorOf, inScope } from "../../staff/index.js";
import type { RegistrationClaims, StaffDecision } from "../index.js";

const claimParams = z.object({ id: z.uuid() });
const decisionBody = z.object({ decision: z.enum(["confirm", "refuse"]) }).strict();

/**
 * Changes asked from another account whose registering account could not receive a code:
 * staff list them and, after checking with the person, confirm or refuse. A claim outside
 * the caller's scope answers 404, as everywhere.
 */
export function registerClaimRoutes(
  app: FastifyInstance,
  options: StaffAccess & { claims: RegistrationClaims; onDecided?: (decision: StaffDecision) => Promise<void> },
) {
  const { claims } = options;
  registerStaffRoutes(app, options.guard, (admin) => {
    admin.get(
      "/api/admin/registration-claims",
      { schema: describeRoute({ summary: "Registration changes waiting for staff confirmation", tags: ["Registrations"] }) },
      async (request) => {
        const principal = staffOf(request);
        const waiting = (await claims.awaitingStaff()).filter((claim) => inScope(principal, claim));
        return { claims: waiting.map(({ id, referenceCode, channel, createdAt }) => ({ id, referenceCode, channel, createdAt })) };
      },
    );
    admin.post(
      "/api/admin/registration-claims/:id/decision",
      { schema: describeRoute({ summary: "Confirm or refuse a registration change", tags: ["Registrations"], params: claimParams, body: decisionBody }) },
      async (request, reply) => {
        const params = parseRequest(claimParams, request.params, reply, "params");
        if (!params) return reply;
        const body = parseRequest(decisionBody, request.body, reply);
        if (!body) return reply;
        const principal = staffOf(request);
        const locality = await claims.localityOf(params.id);
        if (!locality || !inScope(principal, locality)) return reply.code(404).send({ error: "not found" });
        const decision = await claims.decide(params.id, body.decision, actorOf(principal));
        if (decision.kind === "notFound") return reply.code(404).send({ error: "not found" });
        await options.audit.record(
          principal,
          { action: `registrations.claim.${body.decision}`, detail: { claim: params.id, outcome: decision.kind } },
          request.ip,
        );
        await options.onDecided?.(decision);
        if (decision.kind === "notApplicable") return reply.code(409).send({ error: "the registration can no longer be changed" });
        return { outcome: decision.kind };
      },
    );
  });
}
