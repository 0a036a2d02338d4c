"use client";
import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import { IconButton, RefreshIcon, TextInput } from "@/components/ui";
import { runsApi, type StoredEvent, type StreamInfo } from "@/lib/client/runsApi";
import { STREAMS_PAGE } from "@/lib/contracts/pages";
import { Empty, JsonBlock, LoadMore, Loaded } from "./common";
import { formatCount, formatIsoClock } from "./format";
import { useOnRunEnd, useResource, useRunGoing, useWindowed } from "./hooks";
import { usePagedList } from "./usePagedList";
import { usePanelMemory } from "./RunViewContext";
import styles from "./EventStorePanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

const STREAM_ROW = 26;

/**
 * The Event store tab: the run's streams (id, type, version), a page at a time with "Load more"
 * (a run may have hundreds of thousands), and the picked stream's events.
 */
export function EventStorePanel({ runId }: { runId: string | null }) {
  return <EventStore key={runId ?? ""} runId={runId} />;
}

function EventStore({ runId }: { runId: string | null }) {
  const S = useStrings().run;
  const going = useRunGoing(runId);
  const streams = usePagedList<StreamInfo>(runId, (after, limit) => runsApi.streamsPage(runId!, after, limit), STREAMS_PAGE, going ? 3000 : null);
  useOnRunEnd(runId, streams.reload);
  // The stream picked in each run, kept while the dock shows another tab.
  const memory = usePanelMemory();
  const [picked, setPicked] = useState<string | null>(runId ? (memory.recall<string>(`events:${runId}`) ?? null) : null);
  const [filter, setFilter] = useState("");

  const list = useMemo(() => {
    const all = streams.data?.items ?? [];
    const f = filter.trim().toLowerCase();
    return f ? all.filter((s) => s.streamId.toLowerCase().includes(f) || (s.streamType ?? "").toLowerCase().includes(f)) : all;
  }, [streams.data, filter]);
  const win = useWindowed(list.length, STREAM_ROW);

  if (!runId) return <Empty testId="eventstore-empty">{S.noRunHere}</Empty>;

  const pick = (streamId: string) => {
    setPicked(streamId);
    memory.remember(`events:${runId}`, streamId);
  };
  const current = picked && streams.data?.items.find((s) => s.streamId === picked);

  return (
    <div className={styles.panel} data-testid="eventstore">
      <section className={styles.streams} aria-label={S.streamsLabel}>
        <div className={styles.toolbar}>
          <TextInput compact type="search" placeholder={S.streamsFilter} aria-label={S.streamsFilter} value={filter} onChange={(e) => setFilter(e.target.value)} />
          <span className={styles.count}>{streams.data ? S.streamCount(formatCount(list.length), streams.data.next !== null) : ""}</span>
          <IconButton label={S.refresh} size="sm" onClick={streams.reload} disabled={streams.busy}>
            <RefreshIcon />
          </IconButton>
        </div>
        <div className={styles.streamHead} aria-hidden="true">
          <span>{S.streamId}</span>
          <span>{S.streamType}</span>
          <span className={styles.right}>{S.streamVersion}</span>
        </div>
        <div ref={win.ref} onScroll={win.onScroll} className={styles.streamScroller} role="listbox" aria-label={S.streamsLabel} data-testid="streams">
          <Loaded resource={streams} failedTitle={S.streamsLoadFailed} empty={list.length === 0 ? (filter.trim() && streams.data?.items.length ? S.noMatchLoaded(streams.data.next !== null) : S.streamsEmpty) : null}>
            {() => (
              <div style={{ height: list.length * STREAM_ROW, position: "relative" }}>
                <div style={{ transform: `translateY(${win.range.start * STREAM_ROW}px)` }}>
                  {list.slice(win.range.start, win.range.end).map((s) => (
                    <button
                      key={s.streamId}
                      type="button"
                      role="option"
                      aria-selected={s.streamId === picked}
                      className={s.streamId === picked ? styles.streamRowPicked : styles.streamRow}
                      onClick={() => pick(s.streamId)}
                      data-stream={s.streamId}
                    >
                      <span className={styles.streamId} title={s.streamId}>
                        {s.streamId}
                      </span>
                      <span className={styles.streamType}>{s.streamType ?? "–"}</span>
                      <span className={styles.num}>{formatCount(s.version)}</span>
                    </button>
                  ))}
                </div>
              </div>
            )}
          </Loaded>
        </div>
        {streams.data && streams.data.items.length > 0 ? (
          <LoadMore testId="streams-more" shown={streams.data.items.length} more={streams.data.next !== null} busy={streams.busy} onMore={streams.loadMore} />
        ) : null}
      </section>
      <section className={styles.events} aria-label={picked ? S.eventsOf(picked) : S.eventsPick}>
        {picked ? <StreamEvents key={picked} streamId={picked} version={current ? current.version : null} /> : <Empty>{S.eventsPick}</Empty>}
      </section>
    </div>
  );
}

function StreamEvents({ streamId, version }: { streamId: string; version: number | null }) {
  const S = useStrings().run;
  // Reloaded (keeping what is shown) when the stream grows: its version in the list moved on.
  const events = useResource<StoredEvent[]>(streamId, () => runsApi.streamEvents(streamId));
  const reload = events.reload;
  const seenVersion = useRef(version);
  useEffect(() => {
    if (version !== null && version !== seenVersion.current) reload();
    seenVersion.current = version;
  }, [version, reload]);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <>
      <div className={styles.toolbar}>
        <h4 className={styles.title} title={streamId}>
          {S.eventsOf(streamId)}
        </h4>
        <IconButton label={S.refresh} size="sm" onClick={events.reload} disabled={events.busy}>
          <RefreshIcon />
        </IconButton>
      </div>
      <div className={styles.eventScroller}>
        <Loaded resource={events} failedTitle={S.eventsLoadFailed} empty={!events.data || events.data.length === 0 ? S.eventsEmpty : null}>
          {() => (
            <table className={styles.table} data-testid="stream-events">
              <thead>
                <tr>
                  <th className={styles.right}>{S.eventVersion}</th>
                  <th className={styles.right}>{S.eventPosition}</th>
                  <th>{S.eventType}</th>
                  <th>{S.eventTime}</th>
                  <th aria-label={S.json} />
                </tr>
              </thead>
              <tbody>
                {events.data!.map((e) => {
                  const isOpen = open.has(e.eventId);
                  return (
                    <Fragment key={e.eventId}>
                      <tr className={isOpen ? styles.rowOpen : undefined} data-event={e.eventId}>
                        <td className={styles.num}>{e.version}</td>
                        <td className={styles.num}>{e.globalPosition}</td>
                        <td className={styles.type}>{e.type}</td>
                        <td className={styles.time} title={e.createdAt}>
                          {formatIsoClock(e.createdAt)}
                        </td>
                        <td className={styles.right}>
                          <button type="button" className={styles.expand} aria-expanded={isOpen} onClick={() => toggle(e.eventId)}>
                            {isOpen ? S.hideJson : S.json}
                          </button>
                        </td>
                      </tr>
                      {isOpen ? (
                        <tr className={styles.detailRow}>
                          <td colSpan={5}>
                            <div className={styles.jsonPair}>
                              <div>
                                <h5 className={styles.sub}>{S.eventData}</h5>
                                <JsonBlock value={e.data} label={S.eventData} />
                              </div>
                              <div>
                                <h5 className={styles.sub}>{S.eventMetadata}</h5>
                                <JsonBlock value={e.metadata} label={S.eventMetadata} />
                              </div>
                            </div>
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          )}
        </Loaded>
      </div>
    </>
  );
}
