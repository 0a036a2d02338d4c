"use client";
import { useEffect, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { cleanName, MAX_NAME_LENGTH } from "@/lib/coedit/presence";
import { saveUser } from "@/lib/client/identity";
import { useCoeditSession, useParticipants } from "./CoeditContext";
import { InlineNameInput } from "./InlineNameInput";
import { useStrings } from "@/components/i18n/LocaleProvider";
import styles from "./board.module.css";

const initials = (name: string) => [...name.trim()].slice(0, 1).join("").toUpperCase() || "?";

/**
 * Who is on the board, in the top bar: you first (click to change your name, kept in this
 * browser), then everyone else (click to follow their view; click again, or pan yourself, to stop).
 */
export function Participants() {
  const session = useCoeditSession();
  const participants = useParticipants();
  const flow = useReactFlow();
  const [editing, setEditing] = useState<string | null>(null);
  const [following, setFollowing] = useState<number | null>(null);
  const [, rerender] = useState(0);
  const S = useStrings().board;
  const followed = participants.find((p) => p.clientId === following) ?? null;

  // Following: the view goes where theirs goes. It stops when they leave or when you move the canvas yourself.
  useEffect(() => {
    if (following === null) return;
    if (!followed) return setFollowing(null);
    if (followed.viewport) void flow.setViewport(followed.viewport, { duration: 120 });
  }, [following, followed, flow]);
  useEffect(() => {
    if (following === null) return;
    const canvas = document.querySelector("[data-testid=canvas]");
    const stop = () => setFollowing(null);
    canvas?.addEventListener("pointerdown", stop);
    canvas?.addEventListener("wheel", stop, { passive: true });
    return () => {
      canvas?.removeEventListener("pointerdown", stop);
      canvas?.removeEventListener("wheel", stop);
    };
  }, [following]);

  if (!session) return null;
  const me = session.user;
  const commitName = () => {
    const name = editing === null ? null : cleanName(editing);
    setEditing(null);
    if (!name || name === me.name) return;
    const user = { ...me, name };
    saveUser(user);
    session.setPresence({ user });
    rerender((n) => n + 1);
  };

  return (
    <div className={styles.participants} data-testid="participants" aria-label={S.people}>
      {editing !== null ? (
        <InlineNameInput label={S.yourName} maxLength={MAX_NAME_LENGTH} value={editing} onChange={setEditing} onCommit={commitName} onCancel={() => setEditing(null)} />
      ) : (
        <button
          type="button"
          className={styles.avatar}
          style={{ background: me.color }}
          title={S.youTitle(me.name)}
          aria-label={S.youLabel(me.name)}
          data-testid="my-name"
          data-participant={me.name}
          onClick={() => setEditing(me.name)}
        >
          {initials(me.name)}
        </button>
      )}
      {participants.map((p) => (
        <button
          key={p.clientId}
          type="button"
          className={`${styles.avatar} ${following === p.clientId ? styles.avatarFollowed : ""}`}
          style={{ background: p.user.color }}
          title={following === p.clientId ? S.followingTitle(p.user.name) : S.followTitle(p.user.name)}
          aria-pressed={following === p.clientId}
          data-participant={p.user.name}
          onClick={() => setFollowing((f) => (f === p.clientId ? null : p.clientId))}
        >
          {initials(p.user.name)}
        </button>
      ))}
      {followed && (
        <span className={styles.following} data-testid="following">
          {S.following(followed.user.name)}
        </span>
      )}
    </div>
  );
}
