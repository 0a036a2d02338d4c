export { createMemoryEventStore, type MemoryEventStoreOptions } from "./memoryEventStore";
