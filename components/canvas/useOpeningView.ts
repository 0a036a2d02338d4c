"use client";
import { useEffect, useRef, useState, type RefObject } from "react";
import { useNodesInitialized, useReactFlow } from "@xyflow/react";
import { openingBounds, openingViewport, type Padding } from "@/lib/editor/openingView";

/** A large board renders only the stickies in view, so not all are ever measured: open anyway after this. */
const MEASURE_WAIT_MS = 1000;

/**
 * Sets the view once when a board opens with stickies, as soon as React Flow has measured them:
 * fitted when that is readable, else readable on the board's top-left (lib/editor/openingView.ts).
 * `data-opening-zoom` on the canvas says which, for the e2e tests.
 */
export function useOpeningView(enabled: boolean, wrapRef: RefObject<HTMLDivElement | null>, paddingFor: (width: number) => Padding, maxZoom: number): void {
  const flow = useReactFlow();
  const measured = useNodesInitialized();
  const [waited, setWaited] = useState(false);
  const done = useRef(false);
  useEffect(() => {
    if (!enabled) return;
    const timer = setTimeout(() => setWaited(true), MEASURE_WAIT_MS);
    return () => clearTimeout(timer);
  }, [enabled]);
  useEffect(() => {
    if (!enabled || done.current || !(measured || waited)) return;
    const wrap = wrapRef.current;
    if (!wrap) return;
    done.current = true;
    const canvas = { width: wrap.clientWidth, height: wrap.clientHeight };
    // The flow is the stickies near the rest (openingItems), with the frames (title included) and
    // notes round them: not a stray frame or note, nor a sticky at 1e308.
    const bounds = openingBounds(flow.getNodes());
    if (!bounds) return;
    const view = openingViewport(bounds, canvas, paddingFor(canvas.width), maxZoom);
    void flow.setViewport(view);
    wrap.dataset.openingZoom = view.zoom.toFixed(3);
  }, [enabled, measured, waited, flow, wrapRef, paddingFor, maxZoom]);
}
