import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OrgErrorScreen } from './OrgErrorScreen';

describe('OrgErrorScreen', () => {
  it.each([
    [{ protocol: 'http:', hostname: 'localhost', port: '1135' }, 'http://<your-org>.localhost:1135/ui/'],
    [{ protocol: 'https:', hostname: 'bodhi.example.com', port: '' }, 'https://<your-org>.bodhi.example.com/ui/'],
  ])('gives an example address built from %o', (location, example) => {
    render(<OrgErrorScreen code="org_error-missing" location={location} />);
    const alert = screen.getByRole('alert', { name: 'No organization' });
    expect(alert).toHaveTextContent(`e.g. ${example}`);
  });

  it('names the suspended org from its host', () => {
    render(
      <OrgErrorScreen
        code="org_error-suspended"
        location={{ protocol: 'http:', hostname: 'globex.localhost', port: '' }}
      />,
    );
    expect(screen.getByRole('alert', { name: 'Organization suspended' })).toHaveTextContent('globex is suspended');
  });
});
