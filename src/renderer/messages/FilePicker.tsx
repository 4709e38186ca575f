// Choosing files for a message: checked here for type and size before anything is sent.

import { Button, CloseButton, FileButton, Group, Stack, Text } from '@mantine/core';
import { ACCEPT, fileProblem, sizeText } from './message-files';

export function FilePicker({ files, onChange, onProblem, disabled }: { files: File[]; onChange: (files: File[]) => void; onProblem: (message: string | null) => void; disabled?: boolean }) {
  function add(chosen: File[]) {
    const accepted = [...files];
    for (const file of chosen) {
      const problem = fileProblem(file, accepted.length);
      if (problem) {
        onProblem(problem);
        return;
      }
      accepted.push(file);
    }
    onProblem(null);
    onChange(accepted);
  }
  return (
    <Stack gap={4}>
      {files.map((f, i) => (
        <Group key={`${f.name}-${i}`} gap="xs">
          <Text size="sm">{f.name}</Text>
          <Text size="xs" c="dimmed">
            {sizeText(f.size)}
          </Text>
          <CloseButton size="sm" aria-label={`Убрать файл ${f.name}`} onClick={() => onChange(files.filter((_, j) => j !== i))} />
        </Group>
      ))}
      <FileButton onChange={add} accept={ACCEPT} multiple disabled={disabled}>
        {(props) => (
          <Button {...props} variant="subtle" size="compact-sm" w="fit-content">
            Прикрепить файл
          </Button>
        )}
      </FileButton>
    </Stack>
  );
}
