/**
 * The largest value of a Postgres `integer` (int4) column: every id and count the database keeps.
 * A number from outside (a query parameter, a JSON field) above it is refused as invalid input
 * rather than reaching a query that would fail.
 */
export const INT4_MAX = 2_147_483_647;
