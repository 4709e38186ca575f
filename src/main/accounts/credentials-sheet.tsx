// The printed sheet of initial logins and passwords (3.2: "предоставляет пользователям
// персональные логины и пароли для первичного входа"): one slip per person, cut apart and handed over.

import { Document, Font, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { ROLE_LABELS } from '../../shared/domain/roles';
import type { User } from '../../shared/api/schemas';
import { assetPath } from '../common/assets';

let fontsRegistered = false;
/** DejaVu (Cyrillic) for every PDF of the server; other sheets call this too. */
export function registerFonts(): void {
  if (fontsRegistered) return;
  Font.register({
    family: 'DejaVu',
    fonts: [
      { src: assetPath('fonts', 'DejaVuSans.ttf') },
      { src: assetPath('fonts', 'DejaVuSans-Bold.ttf'), fontWeight: 'bold' },
    ],
  });
  Font.register({ family: 'DejaVuMono', src: assetPath('fonts', 'DejaVuSansMono-Bold.ttf') });
  // Russian words must not be hyphenated by the English rules.
  Font.registerHyphenationCallback((word) => [word]);
  fontsRegistered = true;
}

const SLIPS_PER_PAGE = 8;

const styles = StyleSheet.create({
  page: { fontFamily: 'DejaVu', fontSize: 10, padding: 28 },
  header: { fontSize: 9, color: '#555', marginBottom: 8, flexDirection: 'row', justifyContent: 'space-between' },
  grid: { flexDirection: 'row', flexWrap: 'wrap' },
  slip: { width: '50%', height: 180, padding: 10, borderWidth: 0.7, borderStyle: 'dashed', borderColor: '#888' },
  school: { fontSize: 8, color: '#555', marginBottom: 4 },
  name: { fontSize: 12, fontWeight: 'bold', marginBottom: 2 },
  roles: { fontSize: 9, marginBottom: 8 },
  label: { fontSize: 8, color: '#555' },
  secret: { fontFamily: 'DejaVuMono', fontSize: 13, marginBottom: 4 },
  note: { fontSize: 7.5, color: '#333', marginTop: 4 },
});

export interface CredentialsSlip {
  user: User;
  initialPassword: string;
}

export interface CredentialsSheetInput {
  schoolName: string;
  serverAddress: string;
  issuedAt: Date;
  slips: readonly CredentialsSlip[];
}

function fullName(user: User): string {
  return [user.lastName, user.firstName, user.middleName].filter(Boolean).join(' ');
}

function Slip({ slip, schoolName, serverAddress }: { slip: CredentialsSlip; schoolName: string; serverAddress: string }) {
  return (
    <View style={styles.slip} wrap={false}>
      <Text style={styles.school}>{schoolName} · электронный журнал</Text>
      <Text style={styles.name}>{fullName(slip.user)}</Text>
      <Text style={styles.roles}>{slip.user.roles.map((r) => ROLE_LABELS[r]).join(', ')}</Text>
      <Text style={styles.label}>Адрес</Text>
      <Text style={{ marginBottom: 4 }}>{serverAddress}</Text>
      <Text style={styles.label}>Логин</Text>
      <Text style={styles.secret}>{slip.user.login}</Text>
      <Text style={styles.label}>Первичный пароль</Text>
      <Text style={styles.secret}>{slip.initialPassword}</Text>
      <Text style={styles.note}>
        При первом входе программа попросит задать свой пароль. Никому не сообщайте логин и пароль (п. 3.1 Положения).
      </Text>
    </View>
  );
}

export async function renderCredentialsSheet(input: CredentialsSheetInput): Promise<Buffer> {
  registerFonts();
  const pages: CredentialsSlip[][] = [];
  for (let i = 0; i < input.slips.length; i += SLIPS_PER_PAGE) pages.push(input.slips.slice(i, i + SLIPS_PER_PAGE));
  const issued = input.issuedAt.toLocaleDateString('ru-RU');
  // Pages are laid out explicitly (8 slips each): much faster than letting the renderer wrap.
  const doc = (
    <Document title="Первичные логины и пароли" author={input.schoolName} language="ru">
      {pages.map((slips, index) => (
        <Page key={index} size="A4" style={styles.page}>
          <View style={styles.header}>
            <Text>Первичные логины и пароли · выдано {issued}</Text>
            <Text>
              Лист {index + 1} из {pages.length}
            </Text>
          </View>
          <View style={styles.grid}>
            {slips.map((slip) => (
              <Slip key={slip.user.id} slip={slip} schoolName={input.schoolName} serverAddress={input.serverAddress} />
            ))}
          </View>
        </Page>
      ))}
    </Document>
  );
  return renderToBuffer(doc);
}
