import { ApiModelForm } from '../models/ApiModelForm';
import { ScreenText } from './ScreenCard';
import { SetupStep } from './SetupStep';
import { nextStep } from './setupSteps';

/** `/ui/setup/api-models`: optionally connect an OpenAI-compatible provider; Skip or Continue moves on. */
export function ApiModelsSetupPage() {
  return (
    <SetupStep step="/setup/api-models" title="Connect an API model" wide>
      <ScreenText>
        Add a remote OpenAI-compatible provider, such as OpenAI, so chat works without local models. You can skip this
        and add one later under Models.
      </ScreenText>
      <ApiModelForm doneTo={nextStep('/setup/api-models')} setup />
    </SetupStep>
  );
}
