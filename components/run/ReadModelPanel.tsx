"use client";
import { useMemo, useState } from "react";
import { IconButton, RefreshIcon, TextInput, Toggle } from "@/components/ui";
import { runsApi, type ReadModelRowView } from "@/lib/client/runsApi";
import { READ_MODELS_PAGE } from "@/lib/contracts/pages";
import { Empty, LoadMore, Loaded } from "./common";
import { formatCount } from "./format";
import { useOnRunEnd, useRunGoing, useWindowed } from "./hooks";
import { usePagedList } from "./usePagedList";
import { cellText, filterRows, isNumeric, numericColumns, readModelTables, statusTone } from "./tables";
import { usePanelMemory } from "./RunViewContext";
import styles from "./ReadModelPanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

const ROW = 26;

/**
 * The Read models tab: per read model, a table of its rows (row id, fields, events applied). Rows
 * come a page at a time, by read model then row id, with "Load more" at the foot.
 */
export function ReadModelPanel({ runId }: { runId: string | null }) {
  return <ReadModels key={runId ?? ""} runId={runId} />;
}

function ReadModels({ runId }: { runId: string | null }) {
  const S = useStrings().run;
  const going = useRunGoing(runId);
  const [auto, setAuto] = useState(true);
  const rows = usePagedList<ReadModelRowView>(runId, (after, limit) => runsApi.readModelsPage(runId!, after, limit), READ_MODELS_PAGE, going && auto ? 2000 : null);
  useOnRunEnd(runId, rows.reload);

  const tables = useMemo(() => readModelTables(rows.data?.items ?? []), [rows.data]);
  // The read model picked in each run, kept while the dock shows another tab.
  const memory = usePanelMemory();
  const [picked, setPicked] = useState<string | null>(runId ? (memory.recall<string>(`readModels:${runId}`) ?? null) : null);
  const table = tables.find((t) => t.readModel === picked) ?? tables[0];
  const [query, setQuery] = useState("");
  const shown = useMemo(() => (table ? filterRows(table.rows, query) : []), [table, query]);
  const numeric = useMemo(() => (table ? numericColumns(table) : new Set<string>()), [table]);
  const win = useWindowed(shown.length, ROW);

  if (!runId) return <Empty testId="readmodels-empty">{S.noRunHere}</Empty>;

  const columns = table ? `minmax(140px, 1.2fr) ${table.columns.map(() => "minmax(90px, 1fr)").join(" ")} 64px` : "1fr";
  return (
    <div className={styles.panel} data-testid="readmodels">
      <div className={styles.toolbar}>
        <div className={styles.tabs} role="tablist" aria-label={S.readModelPick}>
          {tables.map((t) => (
            <button
              key={t.readModel}
              type="button"
              role="tab"
              aria-selected={t === table}
              className={t === table ? styles.tabActive : styles.tab}
              onClick={() => {
                setPicked(t.readModel);
                memory.remember(`readModels:${runId}`, t.readModel);
              }}
            >
              {t.readModel} <span className={styles.tabCount}>{formatCount(t.rows.length)}</span>
            </button>
          ))}
        </div>
        <span className={styles.spacer} />
        {table ? <TextInput compact type="search" className={styles.search} placeholder={S.rowsFilter} aria-label={S.rowsFilter} value={query} onChange={(e) => setQuery(e.target.value)} /> : null}
        {going ? <Toggle compact checked={auto} onChange={setAuto} label={S.autoRefresh} /> : null}
        <IconButton label={S.refresh} size="sm" onClick={rows.reload} disabled={rows.busy}>
          <RefreshIcon />
        </IconButton>
      </div>
      <div ref={win.ref} onScroll={win.onScroll} className={styles.scroller}>
        <Loaded resource={rows} failedTitle={S.readModelsLoadFailed} empty={!table ? S.readModelsEmpty : null}>
          {() => (
            <div role="table" aria-label={table!.readModel} aria-rowcount={shown.length + 1} className={styles.table} data-testid="readmodel-table" data-readmodel={table!.readModel}>
              <div role="row" className={styles.head} style={{ gridTemplateColumns: columns }}>
                <span role="columnheader">{S.rowId}</span>
                {table!.columns.map((c) => (
                  <span key={c} role="columnheader" title={c} className={numeric.has(c) ? styles.num : undefined}>
                    {c}
                  </span>
                ))}
                <span role="columnheader" className={styles.num}>
                  {S.eventCount}
                </span>
              </div>
              <div style={{ height: shown.length * ROW, position: "relative" }}>
                <div style={{ transform: `translateY(${win.range.start * ROW}px)` }}>
                  {shown.slice(win.range.start, win.range.end).map((r, i) => (
                    <div key={r.rowId} role="row" aria-rowindex={win.range.start + i + 2} className={styles.row} style={{ gridTemplateColumns: columns }} data-row={r.rowId}>
                      <span role="cell" className={styles.rowId} title={r.rowId}>
                        {r.rowId}
                      </span>
                      {table!.columns.map((c) => {
                        const v = r.data?.[c];
                        const text = cellText(v);
                        return (
                          <span key={c} role="cell" className={isNumeric(v) ? styles.num : c.toLowerCase() === "status" ? `${styles.status} ${styles[`status-${statusTone(v)}`]}` : styles.cell} title={cellText(v, 2000)} data-field={c}>
                            {text}
                          </span>
                        );
                      })}
                      <span role="cell" className={styles.num}>
                        {formatCount(r.eventCount)}
                      </span>
                    </div>
                  ))}
                </div>
              </div>
            </div>
          )}
        </Loaded>
      </div>
      {table ? (
        <div className={styles.footer}>
          {shown.length === 0 && query.trim() ? S.noMatchLoaded(rows.data?.next != null) : S.readModelRows(formatCount(shown.length))}
        </div>
      ) : null}
      {rows.data && rows.data.items.length > 0 ? (
        <LoadMore testId="readmodels-more" shown={rows.data.items.length} more={rows.data.next !== null} busy={rows.busy} onMore={rows.loadMore} />
      ) : null}
    </div>
  );
}
