"use client";
import type { ReactNode } from "react";
import { CloseIcon, IconButton } from "@/components/ui";
import { runsApi, type DeadLetter, type StoredEvent } from "@/lib/client/runsApi";
import type { TraceItem } from "@/lib/contracts/runs";
import { causalChain } from "@/lib/editor/runPlayback";
import { JsonBlock, Loading } from "./common";
import { formatClock, formatDuration } from "./format";
import { apiErrorText, useResource } from "./hooks";
import { usePanelMemory, useRunViewStore } from "./RunViewContext";
import { KIND_GLYPH, messageSource, spanTone } from "./waterfall";
import styles from "./TimelinePanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

/*
 * The Timeline's details pane: a selected span's fields, the message it carried (fetched once
 * from the event store or the DLQ, remembered by the board page's run view store), its
 * attributes and its causal chain.
 */

interface MessageView {
  from: "stream" | "dlq";
  payload: unknown;
  headers: unknown;
  event?: StoredEvent;
  deadLetter?: DeadLetter;
}

type Memory = ReturnType<typeof usePanelMemory>;

/** The message a span carried; found messages are remembered by run and message id (they never change once stored). */
async function loadMessage(runId: string, span: TraceItem, bySpanId: ReadonlyMap<string, TraceItem>, memory: Memory): Promise<MessageView | null> {
  const source = messageSource(span, bySpanId);
  if (!source.messageId || source.carrier?.kind === "command") return null;
  const cacheKey = `message:${runId}:${source.messageId}:${span.kind === "dead-letter" ? "dlq" : "stream"}`;
  const hit = memory.recall<MessageView>(cacheKey);
  if (hit) return hit;
  let found: MessageView | null = null;
  if (span.kind === "dead-letter" || !source.streamId) {
    const letters = await runsApi.deadLetters(runId);
    const consumer = typeof span.attributes.consumer === "string" ? span.attributes.consumer : null;
    const letter = letters.find((d) => d.messageId === source.messageId && (!consumer || d.consumerGroup === consumer)) ?? letters.find((d) => d.messageId === source.messageId);
    if (letter) found = { from: "dlq", payload: letter.message.payload, headers: letter.message.headers, deadLetter: letter };
  }
  if (!found && source.streamId) {
    const events = await runsApi.streamEvents(source.streamId);
    const event = events.find((e) => e.eventId === source.messageId);
    if (event) found = { from: "stream", payload: event.data, headers: event.metadata, event };
  }
  if (found) memory.remember(cacheKey, found);
  return found;
}

/** A selected span: its fields, its message, its attributes and its causal chain. */
export function SpanDetails({ span, runId, onSelect }: { span: TraceItem; runId: string; onSelect(spanId: string | null): void }) {
  const S = useStrings().run;
  const store = useRunViewStore();
  const memory = usePanelMemory();
  const bySpanId = store?.getState().bySpanId ?? new Map<string, TraceItem>();
  const chain = causalChain(span, bySpanId).reverse();
  const parent = span.parentSpanId ? bySpanId.get(span.parentSpanId) : undefined;
  const source = messageSource(span, bySpanId);
  const isCommand = source.carrier?.kind === "command";
  const message = useResource<MessageView | null>(source.messageId && !isCommand ? `${runId}:${span.spanId}` : null, () => loadMessage(runId, span, bySpanId, memory));
  const a = span.attributes;
  const attempt = a.attempts ?? a.attempt;

  return (
    <aside className={styles.details} aria-label={S.details} data-testid="span-details">
      <header className={styles.detailsHead}>
        <span className={`${styles.glyph} ${styles[`glyph-${spanTone(span)}`]}`} aria-hidden="true">
          {KIND_GLYPH[span.kind]}
        </span>
        <h3 className={styles.detailsTitle} title={span.name}>
          {span.name}
        </h3>
        <IconButton label={S.closeDetails} size="sm" onClick={() => onSelect(null)}>
          <CloseIcon />
        </IconButton>
      </header>
      <div className={styles.detailsBody}>
        <dl className={styles.fields}>
          <Row label={S.fieldKind}>{S.spanKinds[span.kind]}</Row>
          <Row label={S.fieldStatus}>
            <span className={span.status === "error" ? styles.statusError : styles.statusOk}>{S.spanStatus[span.status]}</span>
            {typeof a.error === "string" ? <span className={styles.errorText}> {a.error}</span> : null}
          </Row>
          <Row label={S.fieldStarted} num>
            {formatClock(span.startedAt)}
          </Row>
          <Row label={S.fieldEnded} num>
            {formatClock(span.endedAt)}
          </Row>
          <Row label={S.fieldDuration} num>
            {formatDuration(span.endedAt - span.startedAt)}
          </Row>
          <Row label={S.fieldCorrelation} mono>
            {span.traceId}
          </Row>
          <Row label={S.fieldCausation}>
            {parent ? (
              <button type="button" className={styles.link} onClick={() => onSelect(parent.spanId)}>
                {parent.name}
              </button>
            ) : span.parentSpanId ? (
              <span className={styles.muted}>{S.parentMissing}</span>
            ) : (
              <span className={styles.muted}>{S.none}</span>
            )}
            {typeof a.causationId === "string" ? <code className={styles.mono}> {a.causationId}</code> : null}
          </Row>
          {source.messageId ? (
            <Row label={S.fieldMessageId} mono>
              {source.messageId}
            </Row>
          ) : null}
          {source.eventType ? <Row label={S.fieldEventType}>{source.eventType}</Row> : null}
          {attempt !== undefined && attempt !== null ? (
            <Row label={S.fieldAttempts} num>
              {String(attempt)}
            </Row>
          ) : null}
          <Row label={S.fieldSpanId} mono>
            {span.spanId}
          </Row>
        </dl>

        <section className={styles.section}>
          <h4 className={styles.sectionTitle}>{S.message}</h4>
          {!source.messageId ? (
            <p className={styles.muted}>{S.messageNone}</p>
          ) : isCommand ? (
            <p className={styles.muted}>{S.messageCommand(source.carrier?.name ?? "")}</p>
          ) : message.loading ? (
            <Loading label={S.messageLoading} />
          ) : message.error ? (
            <p className={styles.errorText}>
              {apiErrorText(message.error)}{" "}
              <button type="button" className={styles.link} onClick={message.reload}>
                {S.retry}
              </button>
            </p>
          ) : !message.data ? (
            <p className={styles.muted}>{S.messageNotFound}</p>
          ) : (
            <>
              <p className={styles.muted}>
                {message.data.from === "dlq"
                  ? S.messageFromDlq
                  : message.data.event
                    ? S.messageFromStream(message.data.event.streamId, message.data.event.version, message.data.event.globalPosition)
                    : null}
              </p>
              <h5 className={styles.subTitle}>{S.payload}</h5>
              <JsonBlock value={message.data.payload} label={S.payload} />
              <h5 className={styles.subTitle}>{S.headers}</h5>
              <JsonBlock value={message.data.headers} label={S.headers} />
            </>
          )}
        </section>

        <section className={styles.section}>
          <h4 className={styles.sectionTitle}>{S.attributes}</h4>
          <dl className={styles.fields}>
            {Object.entries(a).map(([k, v]) => (
              <Row key={k} label={k} mono>
                {v === null ? "null" : String(v)}
              </Row>
            ))}
          </dl>
        </section>

        <section className={styles.section}>
          <h4 className={styles.sectionTitle} title={S.causalChainHint}>
            {S.causalChain}
          </h4>
          <ol className={styles.chain}>
            {chain.map((c) => (
              <li key={c.spanId}>
                <button type="button" className={c.spanId === span.spanId ? styles.chainItemCurrent : styles.chainItem} onClick={() => onSelect(c.spanId)} aria-current={c.spanId === span.spanId || undefined}>
                  <span className={`${styles.glyph} ${styles[`glyph-${spanTone(c)}`]}`} aria-hidden="true">
                    {KIND_GLYPH[c.kind]}
                  </span>
                  <span className={styles.chainKind}>{S.spanKinds[c.kind]}</span>
                  <span className={styles.spanName}>{c.name}</span>
                  <span className={styles.duration}>{formatDuration(c.endedAt - c.startedAt)}</span>
                </button>
              </li>
            ))}
          </ol>
          {chain[0]?.parentSpanId ? <p className={styles.muted}>{S.parentMissing}</p> : null}
        </section>
      </div>
    </aside>
  );
}

function Row({ label, children, mono, num }: { label: string; children: ReactNode; mono?: boolean; num?: boolean }) {
  return (
    <div className={styles.field}>
      <dt>{label}</dt>
      <dd className={mono ? styles.mono : num ? styles.num : undefined}>{children}</dd>
    </div>
  );
}
