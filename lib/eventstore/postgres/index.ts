export { createPostgresEventStore, type PostgresEventStore } from "./postgresEventStore";
export { createPostgresOutbox } from "./outbox";
