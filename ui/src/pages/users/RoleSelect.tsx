import { Select } from '../../components/ui/select';
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
    <Select
      className="w-36"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}
