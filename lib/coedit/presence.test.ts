import { describe, expect, it } from "vitest";
import { cleanName, guestUser, MAX_NAME_LENGTH, PRESENCE_COLORS, readPresence } from "./presence";

const good = {
  user: { name: "Ann", color: "#2f9e44" },
  cursor: { x: 10, y: -20.5 },
  selection: ["evt-1", "cmd-2"],
  viewport: { x: 1, y: 2, zoom: 1.5 },
};

describe("readPresence", () => {
  it("keeps a well-formed state as it is", () => {
    expect(readPresence(good)).toEqual(good);
  });

  it("is null for what is not a participant: nothing, a primitive, no user, a nameless or blank name", () => {
    for (const state of [null, undefined, 42, "Ann", [], {}, { user: null }, { user: "Ann" }, { user: { color: "#000000" } }, { user: { name: 7 } }, { user: { name: "  \n\t " } }]) {
      expect(readPresence(state)).toBeNull();
    }
  });

  it("replaces a colour that is not #rrggbb (markup, CSS, a named colour) by the first palette colour", () => {
    for (const color of ["red", "#fff", "#12345g", "#1234567", "url(javascript:alert(1))", "#123456;background:url(x)", 0x123456, null]) {
      expect(readPresence({ ...good, user: { name: "Ann", color } })!.user.color).toBe(PRESENCE_COLORS[0]);
    }
  });

  it("clips a 10,000-character name and flattens control characters and markup stays text", () => {
    const long = readPresence({ ...good, user: { name: "A".repeat(10_000), color: "#000000" } })!;
    expect(long.user.name).toBe("A".repeat(MAX_NAME_LENGTH));
    const multiline = readPresence({ ...good, user: { name: "Bo\n\u0000\u001b[31mby\u007f", color: "#000000" } })!;
    expect(multiline.user.name).toBe("Bo [31mby");
    // Markup is not removed (it is shown as text), only bounded.
    expect(readPresence({ ...good, user: { name: "<img src=x onerror=alert(1)>", color: "#000000" } })!.user.name).toBe("<img src=x onerror=alert(1)>");
  });

  it("drops a cursor or viewport that is not finite numbers", () => {
    for (const cursor of [{ x: Infinity, y: 0 }, { x: 0, y: NaN }, { x: "1", y: 2 }, { x: 1 }, "here", 5]) {
      expect(readPresence({ ...good, cursor })!.cursor).toBeNull();
    }
    for (const viewport of [{ x: 0, y: 0, zoom: 0 }, { x: 0, y: 0, zoom: -1 }, { x: 0, y: 0, zoom: Infinity }, { x: -Infinity, y: 0, zoom: 1 }, { x: 0, y: 0 }]) {
      expect(readPresence({ ...good, viewport })!.viewport).toBeNull();
    }
  });

  it("keeps only string ids of at most 64 characters in a selection, at most 500 of them", () => {
    const p = readPresence({ ...good, selection: ["ok", 5, null, { id: "x" }, "x".repeat(65), "x".repeat(64)] })!;
    expect(p.selection).toEqual(["ok", "x".repeat(64)]);
    expect(readPresence({ ...good, selection: Array.from({ length: 2000 }, (_, i) => `n${i}`) })!.selection).toHaveLength(500);
    expect(readPresence({ ...good, selection: "evt-1" })!.selection).toEqual([]);
  });
});

describe("cleanName", () => {
  it("trims, joins lines and runs of spaces, and clips to the maximum", () => {
    expect(cleanName("  Ann   Lee \n")).toBe("Ann Lee");
    expect(cleanName("a\r\nb\tc")).toBe("a b c");
    expect(cleanName("x".repeat(MAX_NAME_LENGTH + 5))).toHaveLength(MAX_NAME_LENGTH);
  });
  it("is null when nothing is left", () => {
    expect(cleanName("")).toBeNull();
    expect(cleanName(" \n\t\u0000 ")).toBeNull();
  });
});

describe("guestUser", () => {
  it("names a guest 1–99 and picks a palette colour from the random numbers given", () => {
    expect(guestUser(() => 0)).toEqual({ name: "Guest 1", color: PRESENCE_COLORS[0] });
    expect(guestUser(() => 0.5, "게스트")).toEqual({ name: "게스트 50", color: PRESENCE_COLORS[Math.floor(0.5 * PRESENCE_COLORS.length)] });
    expect(guestUser(() => 0.999999)).toEqual({ name: "Guest 99", color: PRESENCE_COLORS[PRESENCE_COLORS.length - 1] });
    const values = [0.5, 0.25];
    expect(guestUser(() => values.shift()!)).toEqual({ name: "Guest 50", color: PRESENCE_COLORS[2] });
  });
  it("always gives a name and colour readPresence keeps", () => {
    for (let i = 0; i < 100; i++) {
      const r = i / 100;
      const user = guestUser(() => r);
      expect(readPresence({ user })!.user).toEqual(user);
    }
  });
});
