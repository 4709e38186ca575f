// The school-year picker of the structure, timetable and work-program pages: the current year is marked.

import { Select, type SelectProps } from '@mantine/core';

interface YearOption {
  id: number;
  name: string;
  isCurrent: boolean;
}

export function YearSelect({
  years,
  value,
  onChange,
  ...rest
}: { years: readonly YearOption[]; value: string | null; onChange(value: string): void } & Omit<SelectProps, 'data' | 'value' | 'onChange'>) {
  return (
    <Select
      label="Учебный год"
      w={230}
      allowDeselect={false}
      {...rest}
      data={years.map((y) => ({ value: String(y.id), label: y.isCurrent ? `${y.name} (текущий)` : y.name }))}
      value={value}
      onChange={(v) => v !== null && onChange(v)}
    />
  );
}
