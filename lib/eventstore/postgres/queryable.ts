import type pg from "pg";

/**
 * Where a statement runs: the pool (the statement is its own transaction) or a client the
 * caller checked out and began a transaction on (the statement joins that transaction).
 */
export type Queryable = pg.Pool | pg.ClientBase;
