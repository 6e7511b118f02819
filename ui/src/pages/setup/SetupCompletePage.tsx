import { CircleCheck } from 'lucide-react';
import { useNavigate } from 'react-router';
import { NextButton } from './NextButton';
import { ScreenText } from './ScreenCard';
import { SetupStep } from './SetupStep';

/** `/ui/setup/complete`: the end of the setup flow. */
export function SetupCompletePage() {
  const navigate = useNavigate();
  return (
    <SetupStep step="/setup/complete" title="Bodhi is ready">
      <p className="flex items-center gap-2 font-medium text-success">
        <CircleCheck className="size-5" aria-hidden="true" />
        Setup is complete.
      </p>
      <ScreenText>
        You can change everything later: models under Models, toolsets under Settings → Toolsets, and who may use this
        server under Manage Users.
      </ScreenText>
      <NextButton onClick={() => navigate('/chat')}>Start Chatting</NextButton>
    </SetupStep>
  );
}
