// Sounds of a live session through WebAudio: metronome clicks at the
// prescribed cadence, short cues (set start, last reps, rest over) and a
// repeating alarm tone until acknowledged. Browsers start audio only after
// a user gesture, so the page calls unlock() from its first click or key.

let context: AudioContext | null = null;

export function unlock(): void {
  if (!context) context = new AudioContext();
  if (context.state === "suspended") void context.resume();
}

function tone(frequency: number, seconds: number, at = 0, gain = 0.2): void {
  if (!context) return;
  const start = context.currentTime + at;
  const oscillator = context.createOscillator();
  const volume = context.createGain();
  oscillator.frequency.value = frequency;
  volume.gain.setValueAtTime(gain, start);
  volume.gain.exponentialRampToValueAtTime(0.001, start + seconds);
  oscillator.connect(volume).connect(context.destination);
  oscillator.start(start);
  oscillator.stop(start + seconds);
}

export const cues = {
  click: (accent: boolean) => tone(accent ? 1500 : 1000, 0.05),
  setStart: () => {
    tone(660, 0.15);
    tone(880, 0.2, 0.18);
  },
  lastReps: () => {
    tone(880, 0.1);
    tone(880, 0.1, 0.15);
  },
  restOver: () => tone(990, 0.4),
  alarm: () => {
    tone(440, 0.25, 0, 0.35);
    tone(587, 0.25, 0.3, 0.35);
  },
};

// Clicks every half repetition while running: up on the accent, down on
// the other (bfr-facts §1: about 2 s up and 2 s down).
export class Metronome {
  private timer: number | null = null;
  private beat = 0;
  constructor(private halfRepSeconds = 2) {}
  get running(): boolean {
    return this.timer !== null;
  }
  start(): void {
    if (this.timer !== null) return;
    unlock();
    this.beat = 0;
    const tick = () => cues.click(this.beat++ % 2 === 0);
    tick();
    this.timer = window.setInterval(tick, this.halfRepSeconds * 1000);
  }
  stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
  }
}
