// First start on a laptop: choose a language and set it up with a coordinator or outreach lead
// profile protected by a PIN. Volunteers are added afterwards by that coordinator.
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../app/LanguageSelect.tsx';
import { ProtectForm } from '../app/ProtectForm.tsx';

export function Welcome({ onSetUp, onOpenCrisis }: { onSetUp(): void; onOpenCrisis(): void }) {
  const { t, i18n } = useTranslation();
  return (
    <main id="main" className="welcome">
      <div className="welcome__tools">
        <LanguageSelect id="welcome-language" onChange={(language) => void i18n.changeLanguage(language)} />
        <button type="button" className="button button--warning" onClick={onOpenCrisis}>
          {t('crisis.open')}
        </button>
      </div>
      <h1>{t('welcome.title')}</h1>
      <p className="lede">{t('welcome.intro')}</p>
      <p>{t('welcome.setUpIntro')}</p>
      <ProtectForm form="welcome" candidates={[]} submitLabel={t('welcome.submit')} onDone={onSetUp}>
        <h2>{t('welcome.setUpHeading')}</h2>
      </ProtectForm>
    </main>
  );
}
