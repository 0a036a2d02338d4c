"use client";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Button, type ButtonVariant } from "@/components/ui/Button";
import { TemplateIcon } from "@/components/ui/icons";
import { menuFocusAfter, type TemplateChoice } from "./templates";
import styles from "./home.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

export interface TemplateMenuProps {
  templates: readonly TemplateChoice[];
  variant: ButtonVariant;
  /** The template being created, if any (its item shows busy; the button too). */
  busyId: string | null;
  disabled: boolean;
  onPick(template: TemplateChoice): void;
}

/**
 * "New from template" as a menu button (the WAI-ARIA menu button pattern): Enter, Space or ↓
 * opens it on the first template, ↑ on the last; ↑ ↓ Home End move, Enter picks, Esc closes
 * back onto the button, Tab or a click elsewhere closes it.
 */
export function TemplateMenu({ templates, variant, busyId, disabled, onPick }: TemplateMenuProps) {
  const S = useStrings().home;
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef(0);
  const menuId = useId();

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLButtonElement>("[role='menuitem']") ?? [])];

  useEffect(() => {
    if (!open) return;
    items()[focusOnOpen.current]?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const openAt = (index: number) => {
    focusOnOpen.current = index;
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      openAt(event.key === "ArrowDown" ? 0 : templates.length - 1);
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const list = items();
    const current = list.indexOf(document.activeElement as HTMLButtonElement);
    const next = menuFocusAfter(event.key, Math.max(0, current), list.length);
    if (next !== null) {
      event.preventDefault();
      list[next]?.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  };

  return (
    <div ref={wrapRef} className={styles.menuWrap}>
      <Button
        ref={buttonRef}
        variant={variant}
        icon={<TemplateIcon />}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        busy={busyId !== null}
        disabled={disabled}
        data-testid="template-menu-button"
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {S.templateMenu}
        <span aria-hidden="true" className={styles.menuCaret}>
          ▾
        </span>
      </Button>
      {open ? (
        <div ref={menuRef} id={menuId} role="menu" aria-label={S.templateMenu} className={styles.menu} onKeyDown={onMenuKey}>
          {templates.map((template) => (
            <button
              key={template.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={styles.menuItem}
              data-template-id={template.id}
              onClick={() => {
                close(true);
                onPick(template);
              }}
            >
              <span className={styles.menuItemName}>{template.name}</span>
              <span className={styles.menuItemMeta}>
                {S.stickyCount(template.stickies)} · {S.templateDescriptions[template.id]}
              </span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
