"use client";
import { useState, type DragEvent } from "react";

/*
 * Dropping a file on an area (the home page's board list takes a `.board.json` that way): whether
 * a file is being dragged over it, and the handlers to spread on it. A hook of its own because it
 * is about the pointer, not about boards.
 */

/** Accepts dropped files while `enabled`; `onFile` gets the first one. */
export function useFileDrop(enabled: boolean, onFile: (file: File) => void) {
  const [dragging, setDragging] = useState(false);
  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes("Files") || !enabled) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (enabled && file) onFile(file);
  };
  return { dragging, handlers: { onDragOver, onDragLeave, onDrop } };
}
