/**
 * Learn mode: 1–4 lanes train copies of the current prediction by gradient descent on the logits, side
 * by side, each with its own loss. The "Learn" button opens the region; the run lives in learnStore and
 * the learn worker (learnRunner.ts), so training re-renders only what is in here.
 */
import { appStore } from '../../state/store.ts';
import { learnStore, useLearn } from '../../state/learnStore.ts';
import { learnRunner } from '../../state/learnRunner.ts';
import { useApp } from '../../state/store.ts';
import { LEARN_PRESETS, getLearnPreset } from '../../scene/learnPresets.ts';
import { DEFAULT_LEARN, MAX_LANES } from '../../worker/learnSettings.ts';
import { LaneCard } from './LaneCard.tsx';
import { LearnControls } from './LearnControls.tsx';
import { LearnCharts } from './LearnCharts.tsx';
import './learn.css';

function loadLesson(id: string): void {
  const preset = getLearnPreset(id);
  if (!preset) return;
  const scene = preset.build();
  appStore.getState().loadScene(scene, null, `learn lesson “${preset.name}”`);
  learnStore.getState().setSettings(structuredClone(preset.settings), preset.id);
}

function Lesson() {
  const presetId = useLearn((s) => s.presetId);
  const preset = presetId ? getLearnPreset(presetId) : undefined;
  return (
    <div className="learn-lesson">
      <label className="learn-field">
        lesson{' '}
        <select aria-label="Lesson" value={presetId ?? ''} onChange={(e) => loadLesson(e.target.value)}>
          <option value="" disabled>
            choose a lesson…
          </option>
          {LEARN_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {preset && <p className="learn-lesson-text">{preset.lesson}</p>}
    </div>
  );
}

function Lanes() {
  const count = useLearn((s) => s.settings.lanes.length);
  const addLane = () => {
    const s = appStore.getState();
    learnStore.getState().addLane({ loss: s.selected, params: { ...s.params[s.selected] } });
  };
  return (
    <div className="learn-lanes">
      {Array.from({ length: count }, (_, i) => (
        <LaneCard key={i} index={i} />
      ))}
      {count < MAX_LANES && (
        <button
          type="button"
          className="lane-add"
          onClick={addLane}
          title="A lane with the loss selected in the editor and its parameters"
        >
          + lane: selected loss
        </button>
      )}
    </div>
  );
}

function Status() {
  const message = useLearn((s) => s.message);
  const rate = useLearn((s) => s.stepsPerSecond);
  const playing = useLearn((s) => s.playing);
  const stale = useLearn((s) => s.runSceneRev) !== useApp((s) => s.sceneRev);
  const runRev = useLearn((s) => s.runSceneRev);
  return (
    <p className="learn-status" aria-live="polite">
      {message ?? (playing && rate !== null ? `${Math.round(rate)} steps/s` : '')}
      {!message &&
        runRev >= 0 &&
        stale &&
        !playing &&
        ' The editor’s scene changed since this run started: Reset trains on it.'}
    </p>
  );
}

function LearnRegion() {
  return (
    <section className="card learn" aria-label="Learn">
      <div className="card-head">
        <h2>Learn</h2>
        <p className="muted">
          Each lane trains its own copy of the prediction: p = σ(z), z ← step(z, N·∂L/∂z). Same start, same optimizer.
        </p>
      </div>
      <Lesson />
      <LearnControls />
      <Status />
      <Lanes />
      <LearnCharts />
    </section>
  );
}

/**
 * The first time Learn opens on its default lanes (BCE, Dice, Focal), the loss selected in the editor
 * joins them with its parameters, unless it is one of them already.
 */
function addSelectedLane(): void {
  const learn = learnStore.getState();
  if (
    learn.lanes.length > 0 ||
    learn.presetId !== null ||
    JSON.stringify(learn.settings) !== JSON.stringify(DEFAULT_LEARN)
  )
    return;
  const { selected, params } = appStore.getState();
  if (learn.settings.lanes.some((l) => l.loss === selected)) return;
  learn.addLane({ loss: selected, params: { ...params[selected] } });
}

/** The "Learn" button and, when open, the learn region. */
export function LearnArea() {
  const open = useLearn((s) => s.open);
  const toggle = () => {
    learnRunner();
    if (!open) addSelectedLane();
    learnStore.getState().setOpen(!open);
  };
  return (
    <>
      <div className="learn-bar">
        <button type="button" aria-expanded={open} aria-controls="learn-region" onClick={toggle}>
          Learn
        </button>
        <span className="muted">
          {open
            ? 'watch each loss train the same prediction'
            : 'train the prediction with several losses, side by side'}
        </span>
      </div>
      {open && (
        <div id="learn-region">
          <LearnRegion />
        </div>
      )}
    </>
  );
}
