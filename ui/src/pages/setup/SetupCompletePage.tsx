import { useNavigate } from 'react-router';
import { SetupStep } from './SetupStep';

/** `/ui/setup/complete`: the end of the setup flow. */
export function SetupCompletePage() {
  const navigate = useNavigate();
  return (
    <SetupStep step="/setup/complete" title="Bodhi is ready">
      <p className="success">Setup is complete.</p>
      <p>
        You can change everything later: models under Models, toolsets under Settings → Toolsets, and who may use this
        server under Manage Users.
      </p>
      <div className="row end">
        <button type="button" className="button primary" onClick={() => navigate('/chat')}>
          Start Chatting
        </button>
      </div>
    </SetupStep>
  );
}
