import type { RoleOption } from './assignableRoles';

interface Props {
  label: string;
  value: string;
  options: RoleOption[];
  disabled?: boolean;
  onChange: (role: string) => void;
}

/** A compact role select for table rows, labelled for assistive technology. */
export function RoleSelect({ label, value, options, disabled, onChange }: Props) {
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
