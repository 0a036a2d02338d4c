"use client";
import { useEffect, useState, type ReactNode } from "react";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./board.module.css";

/** Collapsed, the dock is its tab strip; open, it starts at this share of the window (issue 16 bug 8). */
const TAB_STRIP = 34;
const MIN_HEIGHT = 120;
const DEFAULT_SHARE = 0.24;
/** On a short window a quarter is too little for the Run form: the dock opens at least this tall. */
const DEFAULT_MIN = 220;
const MAX_SHARE = 0.7;
const STORAGE_KEY = "stormflow.dock";

/** The dock's height and whether it is open, as this browser last left them. */
function storedDock(): { height: number | null; open: boolean } {
  try {
    const raw = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "null") as { height?: unknown; open?: unknown } | null;
    return { height: typeof raw?.height === "number" && Number.isFinite(raw.height) ? raw.height : null, open: raw?.open !== false };
  } catch {
    return { height: null, open: true };
  }
}

function clampHeight(height: number): number {
  return Math.round(Math.min(Math.max(height, MIN_HEIGHT), window.innerHeight * MAX_SHARE));
}

export interface DockTab {
  id: string;
  label: ReactNode;
  render(): ReactNode;
}

/** The resizable, collapsible bottom dock (Problems, Export, Run, …); the canvas keeps most of the screen. */
export function BottomDock({ tabs, active: controlled, onActiveChange }: { tabs: DockTab[]; active?: string; onActiveChange?(id: string): void }) {
  const S = useStrings().board;
  const [own, setOwn] = useState(tabs[0]?.id ?? "");
  const active = controlled ?? own;
  const setActive = (id: string) => {
    setOwn(id);
    onActiveChange?.(id);
  };
  const [open, setOpen] = useState(true);
  // The server cannot know the window: start at the least default, which is what a window up to
  // 916 px tall gets, so the canvas does not jump under the pointer when the stored size is read.
  const [height, setHeight] = useState(DEFAULT_MIN);
  // The stored size is read after hydration (the server cannot know it), then kept as it changes.
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    const stored = storedDock();
    setHeight(clampHeight(stored.height ?? Math.max(window.innerHeight * DEFAULT_SHARE, DEFAULT_MIN)));
    setOpen(stored.open);
    setRestored(true);
  }, []);
  useEffect(() => {
    if (!restored) return;
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ height, open }));
    } catch {
      /* storage disabled: the dock still works for this page */
    }
  }, [restored, height, open]);
  // Opening a tab from outside (e.g. Timeline when a run starts) also expands the dock.
  const [seen, setSeen] = useState(controlled);
  if (controlled !== seen) {
    setSeen(controlled);
    if (!open) setOpen(true);
  }
  const tab = tabs.find((t) => t.id === active) ?? tabs[0];

  const startResize = (e: React.PointerEvent) => {
    // A drag of the splitter is not a text selection of the panels around it.
    e.preventDefault();
    const startY = e.clientY;
    const startH = height;
    const move = (ev: PointerEvent) => setHeight(clampHeight(startH + (startY - ev.clientY)));
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  return (
    <section className={styles.dock} style={{ height: open ? height : TAB_STRIP }} aria-label={S.dock} data-testid="dock" data-open={open}>
      {open && (
        <div
          className={styles.dockResize}
          onPointerDown={startResize}
          onDoubleClick={() => setOpen(false)}
          onKeyDown={(e) => {
            // The keyboard resizes too, as a window splitter does: arrows by 24 px, Enter collapses.
            if (e.key === "ArrowUp" || e.key === "ArrowDown") {
              e.preventDefault();
              setHeight((h) => clampHeight(h + (e.key === "ArrowUp" ? 24 : -24)));
            } else if (e.key === "Enter") setOpen(false);
          }}
          tabIndex={0}
          role="separator"
          aria-orientation="horizontal"
          aria-label={S.dockResize}
          aria-valuenow={height}
          aria-valuemin={MIN_HEIGHT}
          data-testid="dock-resize"
        />
      )}
      <div className={styles.dockTabs} role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={open && t.id === tab?.id}
            className={open && t.id === tab?.id ? styles.dockTabActive : styles.dockTab}
            onClick={() => {
              setActive(t.id);
              setOpen(true);
            }}
          >
            {t.label}
          </button>
        ))}
        <div className={styles.spacer} />
        <button type="button" className={styles.dockToggle} onClick={() => setOpen((o) => !o)} aria-label={open ? S.collapseDock : S.expandDock}>
          {open ? "▾" : "▴"}
        </button>
      </div>
      {open && tab && (
        <div className={styles.dockBody} role="tabpanel">
          {tab.render()}
        </div>
      )}
    </section>
  );
}
