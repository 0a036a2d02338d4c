import type {
  Board,
  Consistency,
  EventNode,
  EventOutcome,
  EventScope,
  EventTypeStyle,
  FieldShape,
  ServiceNode,
} from "./schema";

/**
 * The values an absent optional key stands for. They are applied when reading, never written
 * into the document, so a file keeps exactly the keys its author wrote.
 */
export const DEFAULTS = {
  eventScope: "domain",
  eventVersion: 1,
  eventOutcome: "success",
  fieldRequired: true,
  consistency: "eventual",
  eventTypeStyle: "dotted",
} as const satisfies {
  eventScope: EventScope;
  eventVersion: number;
  eventOutcome: EventOutcome;
  fieldRequired: boolean;
  consistency: Consistency;
  eventTypeStyle: EventTypeStyle;
};

/** The event's scope, `"domain"` unless set. */
export function eventScope(event: Pick<EventNode, "scope">): EventScope {
  return event.scope ?? DEFAULTS.eventScope;
}

/** The event's schema version, 1 unless set. */
export function eventVersion(event: Pick<EventNode, "version">): number {
  return event.version ?? DEFAULTS.eventVersion;
}

/** The event's outcome, `"success"` unless set. */
export function eventOutcome(event: Pick<EventNode, "outcome">): EventOutcome {
  return event.outcome ?? DEFAULTS.eventOutcome;
}

/** Whether a field must be present, true unless set. */
export function fieldRequired(field: Pick<FieldShape, "required">): boolean {
  return field.required ?? DEFAULTS.fieldRequired;
}

/** The service's consistency, `"eventual"` unless set. */
export function serviceConsistency(service: Pick<ServiceNode, "consistency">): Consistency {
  return service.consistency ?? DEFAULTS.consistency;
}

/** The board's event type style, `"dotted"` unless set. */
export function eventTypeStyleOf(board: Pick<Board, "settings">): EventTypeStyle {
  return board.settings?.eventTypeStyle ?? DEFAULTS.eventTypeStyle;
}
