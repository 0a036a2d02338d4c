import { parseBoard, type Board, type BoardNode } from "../../model";
import { arrow, sticky } from "../../model/testing/testBoards";

const uuid = (name: string) => ({ name, type: "uuid" as const });
const text = (name: string) => ({ name, type: "string" as const });

/** Saga steps as schema v1 wrote them: the trip board is kept a v1 file, to prove v1 boards run as they did. */
const STEPS = [
  { id: "s-flight", service: "Flights", action: "Book flight", compensation: "Cancel flight" },
  { id: "s-hotel", service: "Hotels", action: "Book hotel", compensation: "Cancel hotel" },
  { id: "s-car", service: "Cars", action: "Rent car", compensation: null },
  { id: "s-bill", service: "Billing", action: "Charge card", compensation: "Refund card" },
  { id: "s-final", service: "Ledger", action: "Close booking", compensation: null },
];

/**
 * A second domain for the simulator's tests, unlike the Order template on purpose: a saga started
 * by an event (not a command) with a step that has no compensation, a service that emits an
 * event, two policies writing to one aggregate stream at once (concurrency conflicts), a policy
 * issuing a command to a second aggregate, an external system, a failure event on an aggregate,
 * `screaming` event types and a read model fed by six events. It is written in schema v1 (its
 * saga's steps are texts) and read through `parseBoard`, which migrates it: Flights and Hotels
 * compensable, Cars the pivot, Billing compensable after it, Ledger retriable, each participant a
 * service created beside the saga.
 */
export function tripBoard(): Board {
  return v1Board(
    [
      sticky("actor", "a-traveler", "Traveler"),
      sticky("command", "c-book", "BookTrip", { payload: [uuid("travelerId"), text("destination"), { name: "nights", type: "integer" }] }),
      sticky("aggregate", "g-trip", "Trip"),
      sticky("event", "e-requested", "TripRequested", { payload: [uuid("tripId"), uuid("travelerId"), text("destination"), { name: "nights", type: "integer" }] }),
      sticky("event", "e-rejected", "TripRejected", { payload: [uuid("tripId"), text("reason")], outcome: "failure" }),
      { ...sticky("saga", "s-booking", "BookingSaga"), steps: STEPS } as unknown as BoardNode,
      sticky("event", "e-confirmed", "TripConfirmed", { payload: [uuid("tripId")] }),
      sticky("event", "e-cancelled", "TripCancelled", { payload: [uuid("tripId"), text("reason")], outcome: "failure" }),
      sticky("service", "v-notify", "NotificationService", { action: "Notify traveler" }),
      sticky("event", "e-notified", "TravelerNotified", { payload: [uuid("travelerId")] }),
      sticky("policy", "p-price", "Price every trip"),
      sticky("command", "c-price", "PriceTrip", { payload: [uuid("tripId")] }),
      sticky("aggregate", "g-trip-2", "Trip"),
      sticky("event", "e-priced", "TripPriced", { payload: [uuid("tripId"), { name: "price", type: "number" }] }),
      sticky("policy", "p-visa", "Check visas"),
      sticky("command", "c-visa", "CheckVisa", { payload: [uuid("tripId")] }),
      sticky("aggregate", "g-trip-3", "Trip"),
      sticky("event", "e-visa", "VisaChecked", { payload: [uuid("tripId"), { name: "required", type: "boolean" }] }),
      sticky("policy", "p-tickets", "Issue tickets when confirmed"),
      sticky("command", "c-tickets", "IssueTickets", { payload: [uuid("tripId")] }),
      sticky("aggregate", "g-ticket", "Ticket"),
      sticky("event", "e-issued", "TicketsIssued", { payload: [uuid("tripId"), text("ticketNumber")] }),
      sticky("service", "v-mailer", "Mailer", { action: "Send tickets" }),
      sticky("command", "c-audit", "AuditTrip", { payload: [uuid("tripId")] }),
      sticky("externalSystem", "x-audit", "AuditLog"),
      sticky("event", "e-audited", "TripAudited", { payload: [uuid("tripId")] }),
      sticky("policy", "p-audit", "Audit confirmed trips"),
      sticky("readModel", "r-trips", "TripView", {
        fields: [uuid("id"), text("destination"), { name: "nights", type: "integer" }, { name: "price", type: "number" }, text("status"), { name: "updatedAt", type: "datetime" }],
      }),
    ],
    [
      arrow("a-traveler", "c-book"),
      arrow("c-book", "g-trip"),
      arrow("g-trip", "e-requested"),
      arrow("g-trip", "e-rejected"),
      arrow("e-requested", "s-booking"),
      arrow("s-booking", "e-confirmed"),
      arrow("s-booking", "e-cancelled"),
      arrow("e-requested", "v-notify"),
      arrow("v-notify", "e-notified"),
      arrow("e-requested", "p-price"),
      arrow("p-price", "c-price"),
      arrow("c-price", "g-trip-2"),
      arrow("g-trip-2", "e-priced"),
      arrow("e-requested", "p-visa"),
      arrow("p-visa", "c-visa"),
      arrow("c-visa", "g-trip-3"),
      arrow("g-trip-3", "e-visa"),
      arrow("e-confirmed", "p-tickets"),
      arrow("p-tickets", "c-tickets"),
      arrow("c-tickets", "g-ticket"),
      arrow("g-ticket", "e-issued"),
      arrow("e-issued", "v-mailer"),
      arrow("e-confirmed", "p-audit"),
      arrow("p-audit", "c-audit"),
      arrow("c-audit", "x-audit"),
      arrow("x-audit", "e-audited"),
      ...["e-requested", "e-rejected", "e-confirmed", "e-cancelled", "e-priced", "e-visa", "e-issued"].map((e) => arrow(e, "r-trips")),
    ],
    { name: "Trip booking", settings: { eventTypeStyle: "screaming" } },
  );
}

function v1Board(nodes: readonly unknown[], edges: readonly unknown[], extra: Record<string, unknown>): Board {
  return parseBoard({ format: "stormflow.board", schemaVersion: 1, name: "Test board", ...extra, nodes, edges });
}
