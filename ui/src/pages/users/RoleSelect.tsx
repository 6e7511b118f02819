import type { ResourceRole } from '../../api/types';
import { Select } from '../../components/ui/select';
import type { RoleOption } from './assignableRoles';

interface Props {
  label: string;
  value: string;
  options: RoleOption[];
  disabled?: boolean;
  onChange: (role: ResourceRole) => void;
}

/** A compact role select for table rows, labelled for assistive technology. */
export function RoleSelect({ label, value, options, disabled, onChange }: Props) {
  return (
    <Select
      className="w-36"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => {
        const chosen = options.find((o) => o.value === e.target.value);
        if (chosen) onChange(chosen.value);
      }}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}
