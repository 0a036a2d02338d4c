import { marked, type Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { diffBoards } from "../model/diffBoards";
import type { Board } from "../model/schema";
import { arrow, sticky, testBoard } from "../model/testing/testBoards";
import { diffMarkdown } from "./diffMarkdown";

function board(eventName: string, fields: { name: string; type: "string" | "integer" }[], consumer = "EmailService"): Board {
  return testBoard(
    [
      sticky("aggregate", "agg", "Order"),
      sticky("event", "evt", eventName, { payload: fields }),
      sticky("service", "svc", consumer, { action: "" }),
    ],
    [arrow("agg", "evt"), arrow("evt", "svc")],
  );
}

describe("diffMarkdown", () => {
  it("prints the verdict and one row per change with whether it breaks, why and who reads it", () => {
    const diff = diffBoards(board("OrderPlaced", [{ name: "total", type: "integer" }]), board("OrderPlaced", []));
    const en = diffMarkdown(diff, "en");
    expect(en).toContain("## Contract changes (full compatibility)\n\n❌ 1 of 1 change breaks readers.\n");
    expect(en).toContain("| OrderPlaced (event) | field removed | `payload.total` | **yes** | deployed consumers still require this field and new messages no longer carry it | EmailService |");
    const ko = diffMarkdown(diff, "ko");
    expect(ko).toContain("| 계약 | 변경 | 경로 | 호환성 깨짐 | 이유 | 소비자 |");
    expect(ko).toContain("| OrderPlaced (이벤트) | 필드 삭제 | `payload.total` | **예** | 배포된 소비자는 이 필드를 요구하지만 새 메시지에는 없습니다 | EmailService |");
  });

  it("says so when nothing changed or nothing breaks", () => {
    const same = board("OrderPlaced", []);
    expect(diffMarkdown(diffBoards(same, same))).toContain("No contract changed.");
    const compatible = diffMarkdown(diffBoards(same, board("OrderPlaced", []), { mode: "none" }), "ko");
    expect(compatible).toContain("✅ 호환");
  });

  it("escapes names typed on the board: a table cell cannot be broken out of (a real Markdown parser reads six cells), HTML stays text", () => {
    const name = "a|b`c\\|";
    const diff = diffBoards(board("Order|Placed <img src=x onerror=alert(1)>", []), board("Order|Placed <img src=x onerror=alert(1)>", [{ name, type: "string" }], "Evil | Service\nnext"));
    const md = diffMarkdown(diff);
    const table = marked.lexer(md).find((t) => t.type === "table") as Tokens.Table;
    expect(table.header.map((h) => h.text)).toEqual(["Contract", "Change", "Path", "Breaking", "Why", "Consumers"]);
    expect(table.rows).toHaveLength(1);
    const cells = table.rows[0]!;
    expect(cells).toHaveLength(6);
    // What a reader sees: the names as typed.
    const seen = (cell: Tokens.TableCell) => cell.tokens.map((t) => ("text" in t ? t.text : "")).join("").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/&#39;/g, "'").replace(/&quot;/g, '"');
    expect(seen(cells[0]!)).toBe("Order|Placed <img src=x onerror=alert(1)> (event)");
    expect(seen(cells[2]!)).toBe(`payload.${name}`);
    expect(seen(cells[5]!)).toBe("Evil | Service next");
    // HTML is never rendered as HTML.
    expect(marked.parse(md, { async: false })).not.toMatch(/<img/u);
  });
});
