"use client";
import { useState, type ReactNode } from "react";
import styles from "./board.module.css";

export interface DockTab {
  id: string;
  label: ReactNode;
  render(): ReactNode;
}

/** The resizable, collapsible bottom dock (Problems, Export, Run, …); the canvas keeps most of the screen. */
export function BottomDock({ tabs, active: controlled, onActiveChange }: { tabs: DockTab[]; active?: string; onActiveChange?(id: string): void }) {
  const [own, setOwn] = useState(tabs[0]?.id ?? "");
  const active = controlled ?? own;
  const setActive = (id: string) => {
    setOwn(id);
    onActiveChange?.(id);
  };
  const [open, setOpen] = useState(true);
  // Opening a tab from outside (e.g. Timeline when a run starts) also expands the dock.
  const [seen, setSeen] = useState(controlled);
  if (controlled !== seen) {
    setSeen(controlled);
    if (!open) setOpen(true);
  }
  const [height, setHeight] = useState(290);
  const tab = tabs.find((t) => t.id === active) ?? tabs[0];

  const startResize = (e: React.PointerEvent) => {
    const startY = e.clientY;
    const startH = height;
    const move = (ev: PointerEvent) => setHeight(Math.min(Math.max(startH + (startY - ev.clientY), 120), window.innerHeight * 0.7));
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  return (
    <section className={styles.dock} style={{ height: open ? height : 34 }} aria-label="Bottom dock">
      {open && <div className={styles.dockResize} onPointerDown={startResize} role="separator" aria-orientation="horizontal" />}
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
        <button type="button" className={styles.dockToggle} onClick={() => setOpen((o) => !o)} aria-label={open ? "Collapse dock" : "Expand dock"}>
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
