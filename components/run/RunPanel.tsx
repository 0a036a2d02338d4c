"use client";
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { useEditor, useEditorStore } from "@/components/board/EditorContext";
import { useCoeditSession } from "@/components/board/CoeditContext";
import { ApiError } from "@/lib/client/http";
import { runsApi } from "@/lib/client/runsApi";
import type { ApiIssue } from "@/lib/contracts/wire";
import type { RunViewActions, RunViewState } from "@/lib/editor/runStore";
import { isGoing, shownRun } from "@/lib/editor/runSource";
import { startRun } from "@/lib/editor/startRun";
import { refreshRunRecord } from "@/lib/realtime/useRunRecord";
import type { RunRequest } from "@/lib/contracts/runs";
import { useBoardAnalysis, useBoardIssues } from "@/components/board/IssuesContext";
import { analyzeBoard, type Board } from "@/lib/model";
import { rememberedForm, rememberForm } from "./formMemory";
import { useResource } from "./hooks";
import { RunForm } from "./RunForm";
import { RunProgress } from "./RunProgress";
import { DEFAULT_FORM, buildRunRequest, commandOptions, faultTargetGroups, formFieldPaths, issuesByPath, type FaultRow, type RunFormValues } from "./runForm";
import { useRunView, useRunViewStore } from "./RunViewContext";
import styles from "./RunPanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

type RunView = RunViewState & RunViewActions;
const selectBoard = (s: { board: Board }) => s.board;
const selectRunId = (s: RunView) => s.runId;
const selectStatus = (s: RunView) => s.status;
const selectCounters = (s: RunView) => s.counters;
const selectSummary = (s: RunView) => s.summary;
const selectConnected = (s: RunView) => s.connected;
const selectRecord = (s: RunView) => s.record;

const toClientError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, "client_error", String(err)));

/**
 * The Run tab: the scenario form with Start/Stop on the left, the run on screen's progress and
 * summary on the right. Save-then-start and the status merge are `lib/editor`'s (startRun,
 * shownRun); this wires them to the form's state.
 */
export function RunPanel({ boardId, onStarted }: { boardId: string; onStarted(runId: string, board: Board, request: RunRequest): void }) {
  const S = useStrings().run;
  // The workspace's one analysis and validation of the board (per edit, on a deferred board).
  const board = useEditor(selectBoard);
  const shared = useBoardAnalysis();
  const deferred = useDeferredValue(board);
  const analysis = useMemo(() => shared ?? analyzeBoard(deferred), [shared, deferred]);
  const issuesOfBoard = useBoardIssues();
  const boardErrors = useMemo(() => issuesOfBoard.filter((i) => i.severity === "error").length, [issuesOfBoard]);
  const commands = useMemo(() => commandOptions(analysis), [analysis]);
  const nodeOrder = useMemo(() => deferred.nodes.map((node) => node.id), [deferred]);
  const targets = useMemo(() => faultTargetGroups(analysis, nodeOrder), [analysis, nodeOrder]);
  const editorStore = useEditorStore();
  const coedit = useCoeditSession();

  const [values, setValues] = useState<RunFormValues>(() => rememberedForm(boardId, DEFAULT_FORM));
  useEffect(() => rememberForm(boardId, values), [boardId, values]);
  const [issues, setIssues] = useState<readonly ApiIssue[]>([]);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [stopError, setStopError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState<false | "saving" | "starting">(false);
  const [stopping, setStopping] = useState(false);
  // The run whose stop the server accepted: "Stopping…" until it has stopped.
  const [stopAccepted, setStopAccepted] = useState<string | null>(null);

  // The run on screen: the live feed first, its record (polled while the socket is down) as the fallback.
  const runId = useRunView(selectRunId, null);
  const liveStatus = useRunView(selectStatus, null);
  const liveCounters = useRunView(selectCounters, null);
  const liveSummary = useRunView(selectSummary, null);
  const connected = useRunView(selectConnected, false);
  const record = useRunView(selectRecord, null) ?? undefined;
  const shown = shownRun({ status: liveStatus, counters: liveCounters, summary: liveSummary }, connected, record);
  const going = runId !== null && isGoing(shown.status);
  const runView = useRunViewStore();

  // The real brokers this server runs on (STORMFLOW_BROKERS); none: the form shows no choice.
  const brokerList = useResource("brokers", () => runsApi.brokers());
  const brokers = useMemo(() => brokerList.data ?? [], [brokerList.data]);
  // A broker remembered from before that this server no longer has: back to in process.
  const broker = brokers.some((b) => b.id === values.broker) ? values.broker : "";

  const allCommands = useMemo(() => [...commands.entry, ...commands.other].map((c) => c.value), [commands]);
  const command = allCommands.includes(values.command) ? values.command : (commands.entry[0]?.value ?? "");
  const { byPath, rest } = useMemo(() => issuesByPath(issues, formFieldPaths(values.faults.length)), [issues, values.faults.length]);

  const set = useCallback(<K extends keyof RunFormValues>(key: K, value: RunFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setIssues((list) => list.filter((i) => i.path !== key));
  }, []);
  const setFault = (index: number, patch: Partial<FaultRow>) => {
    setValues((v) => ({ ...v, faults: v.faults.map((f, i) => (i === index ? { ...f, ...patch } : f)) }));
    setIssues((list) => list.filter((i) => !i.path.startsWith(`faults[${index}]`)));
  };
  const addFault = () => {
    const first = targets[0]?.options[0]?.value ?? "";
    setValues((v) => ({ ...v, faults: [...v.faults, { id: Math.max(0, ...v.faults.map((f) => f.id)) + 1, target: first, mode: "fail", value: "" }] }));
  };
  const removeFault = (index: number) => {
    setValues((v) => ({ ...v, faults: v.faults.filter((_, i) => i !== index) }));
    setIssues([]);
  };

  const start = async () => {
    setStartError(null);
    const built = buildRunRequest({ ...values, command, broker }, editorStore.getState().board);
    setIssues(built.issues);
    if (!built.request) return;
    const request = built.request;
    const result = await startRun(editorStore, request, (body) => runsApi.start(boardId, body), setStarting, () => coedit?.flush() ?? Promise.resolve());
    setStarting(false);
    if (result.ok) return onStarted(result.runId, result.saved.board, request);
    if (result.reason === "not_saved") return setStartError(new ApiError(0, "not_saved", S.notSaved));
    // The conflict banner above the canvas says what happened and offers both ways out.
    if (result.reason === "stale") return setStartError(new ApiError(409, "board_changed", S.boardStale));
    const e = toClientError(result.error);
    setIssues(e.issues);
    setStartError(e);
  };
  const stop = async () => {
    if (!runId) return;
    setStopping(true);
    setStopError(null);
    try {
      await runsApi.stop(runId);
      setStopAccepted(runId);
      if (runView) await refreshRunRecord(runView);
    } catch (err) {
      setStopError(toClientError(err));
    } finally {
      setStopping(false);
    }
  };

  const blocked = boardErrors > 0 ? S.boardHasErrors(boardErrors) : allCommands.length === 0 ? S.noEntryCommand : going ? S.runningAlready : null;

  return (
    <div className={styles.wrap}>
      <div className={styles.panel} data-testid="run-panel">
        <RunForm
          boardId={boardId}
          values={values}
          command={command}
          broker={broker}
          brokers={brokers}
          commands={commands}
          targets={targets}
          byPath={byPath}
          rest={rest}
          blocked={blocked}
          starting={starting}
          going={going}
          stopping={stopping || (going && stopAccepted === runId)}
          startError={startError}
          stopError={stopError}
          onSet={set}
          onFault={setFault}
          onAddFault={addFault}
          onRemoveFault={removeFault}
          onStart={() => void start()}
          onStop={() => void stop()}
          onDismissStartError={() => setStartError(null)}
          onDismissStopError={() => setStopError(null)}
        />
        <RunProgress runId={runId} info={record} status={shown.status} counters={shown.counters} summary={shown.summary} connected={connected} />
      </div>
    </div>
  );
}
