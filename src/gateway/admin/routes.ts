import type { AdminRoute } from "./admin-route.js";
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from "./keys.js";
import { spendRoute } from "./spend.js";
import { budgetRoutes } from "./budget-routes.js";

/** Every admin endpoint, one line each (the guard adds its budget routes here). */
export const adminRoutes: AdminRoute[] = [createKeyRoute, listKeysRoute, revokeKeyRoute, spendRoute, ...budgetRoutes];
