// A line chart on a canvas, with no library: the last CAPACITY samples, the y axis scaled to them.

/** Samples kept per chart: 2 minutes at one sample every 2 s. */
export const CAPACITY = 60;

export class LineChart {
  constructor(canvas, unit) {
    this.canvas = canvas;
    this.unit = unit;
    this.values = [];
  }

  add(value) {
    if (!Number.isFinite(value)) return;
    this.values.push(value);
    if (this.values.length > CAPACITY) this.values.shift();
    this.draw();
  }

  draw() {
    const c = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    const pad = 28;
    c.clearRect(0, 0, width, height);
    c.strokeStyle = '#d9dce3';
    c.strokeRect(pad, 4, width - pad - 4, height - pad);
    const max = Math.max(1, ...this.values);
    c.fillStyle = '#6b7280';
    c.font = '11px sans-serif';
    c.fillText(`${round(max)} ${this.unit}`, 2, 14);
    c.fillText('0', 2, height - pad);
    const last = this.values.at(-1);
    if (last !== undefined) {
      const now = `now ${round(last)} ${this.unit}`;
      c.fillText(now, width - 110, height - 8);
      // A canvas has no text of its own: say the latest value for screen readers (and tests).
      this.canvas.dataset.last = now;
      this.canvas.dataset.samples = String(this.values.length);
      this.canvas.dataset.max = String(Math.max(...this.values)); // the real peak, not the axis
      this.canvas.setAttribute('aria-label', now);
    }
    if (this.values.length < 2) return;
    const x = (i) => pad + ((width - pad - 4) * i) / (CAPACITY - 1);
    const y = (v) => 4 + (height - pad) * (1 - v / max);
    c.strokeStyle = '#4b3bbd';
    c.lineWidth = 2;
    c.beginPath();
    this.values.forEach((v, i) => (i === 0 ? c.moveTo(x(i), y(v)) : c.lineTo(x(i), y(v))));
    c.stroke();
  }
}

function round(v) {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}
