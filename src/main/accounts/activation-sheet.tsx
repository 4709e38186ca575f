// The printed sheet of parents' activation codes of a class (3.3): one slip per pupil, cut apart and
// handed to the parents, who attach their account to the child with the code.

import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatDateRu } from '../../shared/domain/calendar';
import { formatActivationCode } from '../../shared/domain/activation-codes';
import { localDate } from '../common/dates';
import { registerFonts } from './credentials-sheet';

const SLIPS_PER_PAGE = 8;

const styles = StyleSheet.create({
  page: { fontFamily: 'DejaVu', fontSize: 10, padding: 28 },
  header: { fontSize: 9, color: '#555', marginBottom: 8, flexDirection: 'row', justifyContent: 'space-between' },
  grid: { flexDirection: 'row', flexWrap: 'wrap' },
  slip: { width: '50%', height: 190, padding: 10, borderWidth: 0.7, borderStyle: 'dashed', borderColor: '#888' },
  school: { fontSize: 8, color: '#555', marginBottom: 4 },
  name: { fontSize: 12, fontWeight: 'bold', marginBottom: 1 },
  cls: { fontSize: 9, marginBottom: 6 },
  label: { fontSize: 8, color: '#555' },
  code: { fontFamily: 'DejaVuMono', fontSize: 15, marginBottom: 4, letterSpacing: 1 },
  line: { fontSize: 9, marginBottom: 1 },
  note: { fontSize: 7.5, color: '#333', marginTop: 4 },
});

export interface ActivationSlip {
  studentName: string;
  /** Normalised; printed in groups of five. */
  code: string;
}

export interface ActivationSheetInput {
  schoolName: string;
  className: string;
  serverAddress: string;
  issuedAt: Date;
  expiresAt: Date;
  slips: readonly ActivationSlip[];
}

function Slip({ slip, input, expires }: { slip: ActivationSlip; input: ActivationSheetInput; expires: string }) {
  return (
    <View style={styles.slip} wrap={false}>
      <Text style={styles.school}>{input.schoolName}</Text>
      <Text style={styles.name}>{slip.studentName}</Text>
      <Text style={styles.cls}>Класс {input.className}</Text>
      <Text style={styles.label}>Код активации для родителя</Text>
      <Text style={styles.code}>{formatActivationCode(slip.code)}</Text>
      <Text style={styles.line}>Адрес журнала: {input.serverAddress}</Text>
      <Text style={styles.line}>Код действует до {expires} и только один раз.</Text>
      <Text style={styles.note}>
        Откройте адрес журнала в браузере и нажмите «Я родитель и у меня есть код активации»; если учётная запись уже есть, войдите
        и введите код в разделе «Мои дети». Регистр букв, пробелы и дефисы не важны. Не передавайте код посторонним. Если код утерян или истёк, попросите новый у классного
        руководителя.
      </Text>
    </View>
  );
}

export async function renderActivationSheet(input: ActivationSheetInput): Promise<Buffer> {
  registerFonts();
  const pages: ActivationSlip[][] = [];
  for (let i = 0; i < input.slips.length; i += SLIPS_PER_PAGE) pages.push(input.slips.slice(i, i + SLIPS_PER_PAGE));
  const issued = formatDateRu(localDate(input.issuedAt));
  const expires = formatDateRu(localDate(input.expiresAt));
  const doc = (
    <Document title={`Коды активации для родителей, класс ${input.className}`} author={input.schoolName} language="ru">
      {pages.map((slips, index) => (
        <Page key={index} size="A4" style={styles.page}>
          <View style={styles.header}>
            <Text>
              Коды активации для родителей · класс {input.className} · выдано {issued}
            </Text>
            <Text>
              Лист {index + 1} из {pages.length}
            </Text>
          </View>
          <View style={styles.grid}>
            {slips.map((slip, i) => (
              <Slip key={i} slip={slip} input={input} expires={expires} />
            ))}
          </View>
        </Page>
      ))}
    </Document>
  );
  return renderToBuffer(doc);
}
