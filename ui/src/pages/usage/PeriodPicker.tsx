import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select } from '../../components/ui/select';
import { MAX_DAYS, PRESETS, spanDays, utcDate, type Period, type PresetId } from './period';

interface Props {
  period: Period;
  onChange: (p: Period) => void;
}

/**
 * The period of the report: a preset applies at once; custom dates (UTC days, both included) apply with the button,
 * once checked.
 */
export function PeriodPicker({ period, onChange }: Props) {
  const id = useId();
  const [custom, setCustom] = useState(period.kind === 'custom');
  const today = utcDate(new Date());
  const [from, setFrom] = useState(period.kind === 'custom' ? period.from : '');
  const [to, setTo] = useState(period.kind === 'custom' ? period.to : today);
  const [error, setError] = useState<string | null>(null);

  const choose = (value: string) => {
    if (value === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    setError(null);
    onChange({ kind: 'preset', id: value as PresetId });
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to) return setError('Choose both dates.');
    const days = spanDays(from, to);
    if (days < 1) return setError('The end comes before the start.');
    if (days > MAX_DAYS) return setError(`At most ${MAX_DAYS} days.`);
    setError(null);
    onChange({ kind: 'custom', from, to });
  };

  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={apply} aria-label="Report period" noValidate>
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-period`}>Period</Label>
        <Select
          id={`${id}-period`}
          className="w-44"
          value={custom ? 'custom' : period.kind === 'preset' ? period.id : 'custom'}
          onChange={(e) => choose(e.target.value)}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom dates</option>
        </Select>
      </div>
      {custom && (
        <>
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-from`}>From</Label>
            <Input
              id={`${id}-from`}
              type="date"
              className="w-40"
              value={from}
              max={today}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => setFrom(e.target.value)}
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-to`}>To</Label>
            <Input
              id={`${id}-to`}
              type="date"
              className="w-40"
              value={to}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
          <Button type="submit" variant="outline">
            Apply
          </Button>
          {error && (
            <p id={`${id}-error`} className="basis-full text-sm text-destructive" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </form>
  );
}
