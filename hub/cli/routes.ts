import { ROLE_LABEL } from '../../shared/roles.ts';
import type { Logger } from '../../shared/logger.ts';
import type { HubConfig } from '../config.ts';
import type { HubContext } from '../context.ts';
import { createApp } from '../compose/app.ts';
import type { Access } from '../http/route-table.ts';
import { createHubContext } from '../server.ts';

/**
 * `routes`: every route of this hub with its access rule, as a Markdown table — straight from the
 * route table the guards are built from, so the list cannot drift from what is enforced.
 */
export function routesCommand(config: HubConfig, logger: Logger): number {
  const ctx = createHubContext(config, { logger });
  try {
    console.log(routeTableMarkdown(ctx));
    return 0;
  } finally {
    ctx.db.close();
  }
}

/** The table docs/access.md holds for this hub's role (test/access-doc.test.ts keeps the two equal). */
export function routeTableMarkdown(ctx: HubContext): string {
  createApp(ctx);
  const lines = ['| method | path | who may call it | what it does |', '|---|---|---|---|'];
  for (const spec of ctx.routes.specs) lines.push(`| ${spec.method.toUpperCase()} | \`${spec.path}\` | ${describeAccess(spec.access)} | ${spec.summary} |`);
  return lines.join('\n');
}

function describeAccess(access: Access): string {
  switch (access.kind) {
    case 'public':
      return 'anyone';
    case 'device':
      return 'a registered device (bearer key)';
    case 'office-hub':
      return 'an office hub (HMAC signature)';
    case 'staff':
      return `${access.roles.map((r) => ROLE_LABEL[r]).join(', ')}${access.officeScoped ? ' (office-bound roles: own office only)' : ''}`;
  }
}
