import type { RequestHandler, Router } from 'express';
import type { Role } from '../../shared/roles.ts';

/**
 * Every route of the hub is declared here with who may call it. The declaration is the rule: the
 * guard is derived from it, and the access tests enumerate the table, so a route added without a
 * rule cannot exist.
 *
 * public: anyone (health, the kiosk shell, the public survey);
 * device: a registered device's bearer token (panel drivers, kiosks);
 * office-hub: an HMAC-signed request from an office hub (central role only);
 * staff: a logged-in user holding one of `roles`; `officeScoped` means an office-bound role sees
 *        only its own office (the handler filters by `req.scope`).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'device' }
  | { kind: 'office-hub' }
  | { kind: 'staff'; roles: readonly Role[]; officeScoped: boolean };

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What a route reads from its request body, at most `limitBytes` (body-limits.ts). The body is read
 * and parsed only after the route's guard has let the request through, so an anonymous request
 * never costs a parse; a route without a rule never reads its body.
 */
/** `fields`: how many form fields at most (20 unless said: a login form has three; a survey form one or two a question). */
/** `bytes`: the body as it came (a Buffer in req.body), for files such as a CSV call list. */
export type BodyRule = { kind: 'json'; limitBytes: number } | { kind: 'form'; limitBytes: number; fields?: number } | { kind: 'bytes'; limitBytes: number };

export interface RouteSpec {
  method: Method;
  path: string;
  access: Access;
  /** One line, Russian or English, for the route list in docs and the access matrix. */
  summary: string;
  body?: BodyRule;
}

/**
 * Turns an access rule into the middleware that enforces it, followed by the body parser for the
 * route's body rule (the office-hub rule reads the raw bytes in between: its signature covers
 * them); supplied by the hub at assembly.
 */
export type GuardFactory = (access: Access, body?: BodyRule) => RequestHandler[];

export class RouteTable {
  readonly specs: RouteSpec[] = [];

  constructor(private readonly guard: GuardFactory) {}

  /** Declares a route and mounts it on `router` behind the guard for its access rule, then its body parser. */
  add(router: Router, spec: RouteSpec, ...handlers: RequestHandler[]): void {
    this.specs.push(spec);
    router[spec.method](spec.path, ...this.guard(spec.access, spec.body), ...handlers);
  }
}
