// Shown above a notes field as soon as the text looks like it holds a member of the public's
// personal details (a postcode, phone number, email, NHS number or date of birth): notes stay
// on the laptop, but they must never identify anyone.
import { useTranslation } from 'react-i18next';
import type { PersonalDetailKind } from '../../../main/api/contract.ts';

export function PersonalDetailsWarning({ id, found }: { id: string; found: readonly PersonalDetailKind[] }) {
  const { t } = useTranslation();
  if (found.length === 0) return null;
  return (
    <div className="warning-callout" role="alert" id={id}>
      <h3>{t('personalDetails.warningTitle')}</h3>
      <p>{t('personalDetails.warningBody')}</p>
      <ul>
        {found.map((kind) => (
          <li key={kind}>{t(`personalDetails.kinds.${kind}`)}</li>
        ))}
      </ul>
    </div>
  );
}
