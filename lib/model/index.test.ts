import { describe, expect, it } from "vitest";
import * as model from "./index";

describe("lib/model public API", () => {
  it("exposes the entry points other folders use", () => {
    for (const name of [
      "parseBoard", "parseBoardText", "serializeBoard", "validateBoard", "analyzeBoard", "checkConnection",
      "eventTypeOf", "toTsIdentifier", "uniqueIdentifiers", "orderFlowTemplate", "emptyBoard", "createIdFactory",
      "createOrderSagaTemplate", "deriveTopology", "retryDelayMs",
    ] as const) {
      expect(model[name]).toBeTypeOf("function");
    }
    expect(model.CURRENT_SCHEMA_VERSION).toBe(2);
  });

  it("parses, validates, analyses and writes the template end to end", () => {
    const text = model.serializeBoard(model.orderFlowTemplate());
    const board = model.parseBoardText(text);
    expect(model.validateBoard(board)).toEqual([]);
    expect(model.analyzeBoard(board).events.map((event) => event.eventType)).toContain("order.placed");
    expect(model.serializeBoard(board)).toBe(text);
  });
});
