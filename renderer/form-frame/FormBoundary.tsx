import { Component, type ReactNode } from 'react';

interface Props {
  /** The schema being drawn; a new one gets a fresh attempt after a failure. */
  schema: unknown;
  children: ReactNode;
}

interface State {
  schema: unknown;
  error: string | null;
}

/**
 * A schema being typed in the editor can be one rjsf cannot draw (a dangling `$ref`, a cycle): the
 * frame then says so in text and tries again with the next schema, instead of going blank.
 */
export class FormBoundary extends Component<Props, State> {
  override state: State = { schema: this.props.schema, error: null };

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.schema === state.schema ? null : { schema: props.schema, error: null };
  }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <p role="alert" className="frame-error">
        This schema cannot be drawn as a form: {this.state.error}
      </p>
    );
  }
}
