import { METHODS } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/** An endpoint the running app answers: `GET /api/v1/statements/:id`. */
export interface AppRoute {
  method: string;
  path: string;
}

export const routeKey = (route: AppRoute): string => `${route.method} ${route.path}`;

interface ExpressLayer {
  name?: string;
  handle?: { stack?: ExpressLayer[] };
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

const EVERY_METHOD = METHODS.map((method) => method.toLowerCase());

/**
 * A route layer that answers every HTTP method (Express's `_all`, or each method one by one) is
 * how Nest mounts a middleware on a path (RequestMethod.ALL): it calls next(), it is no endpoint.
 */
const isMiddlewareBinding = (methods: Record<string, boolean>): boolean =>
  methods._all === true || EVERY_METHOD.every((method) => methods[method]);

function collect(stack: ExpressLayer[], into: AppRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      if (isMiddlewareBinding(layer.route.methods)) continue;
      const paths = ([] as string[]).concat(layer.route.path);
      for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
        for (const path of paths) into.push({ method: method.toUpperCase(), path });
      }
    } else if (layer.name === 'router' && layer.handle?.stack) {
      // A nested Express router (Nest mounts middleware this way): its routes count as well.
      collect(layer.handle.stack, into);
    }
  }
}

/**
 * Every endpoint of the running app, read from its Express layer stack (not from a list in the
 * test): the controllers' routes with their global prefix, and whatever else registers a route
 * (the OpenAPI pages). Static files served by middleware (the web pages) are no route.
 */
export function appRoutes(app: INestApplication): AppRoute[] {
  const instance = app.getHttpAdapter().getInstance() as {
    router?: { stack: ExpressLayer[] };
    _router?: { stack: ExpressLayer[] };
  };
  const router = instance.router ?? instance._router;
  if (!router) throw new Error('the app has no Express router: was it initialised?');
  const routes: AppRoute[] = [];
  collect(router.stack, routes);
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = routeKey(route);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What a table keyed by `METHOD path` lacks for these routes, and what it has for none. */
export function compareWithRoutes(
  routes: AppRoute[],
  tableKeys: Iterable<string>,
): { missing: string[]; stale: string[] } {
  const keys = new Set(tableKeys);
  const routeKeys = new Set(routes.map(routeKey));
  return {
    missing: [...routeKeys].filter((key) => !keys.has(key)).sort(),
    stale: [...keys].filter((key) => !routeKeys.has(key)).sort(),
  };
}
